import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConsentPolicy } from '@capture-doctor/domain';
import { z } from 'zod';
import type { AppDeps } from '../app-deps/app-deps.js';
import { botEvent } from '../services/meetings/bot-event.js';
import { answerConsent, applyConsentEvent } from '../services/meetings/consent-step.js';
import { createMeeting } from '../services/meetings/create-meeting.js';
import { JurisdictionMapBody, ParticipantRequest } from '../services/meetings/meeting-schemas.js';

const DemoMeeting = z.strictObject({
  title: z.string().min(1),
  startsInHours: z.number(),
  hours: z.number().positive(),
  conferenceUrl: z.url(),
  hostMemberId: z.string().min(1),
  participants: z.array(ParticipantRequest).min(1),
  events: z.array(z.string().regex(/^(notice|recorder_joined|(accept|decline):.+)$/)),
});

/** `apps/api/demo/consent-demo.json`: the demo company's policy, jurisdiction map and meetings. */
const ConsentDemo = z.strictObject({
  policy: ConsentPolicy,
  jurisdictionMap: JurisdictionMapBody,
  meetings: z.array(DemoMeeting),
});

const demoFile = fileURLToPath(new URL('../../demo/consent-demo.json', import.meta.url));

/**
 * Puts a consent policy in force in the demo company, with its jurisdiction map and a few
 * meetings around now: upcoming ones, one recording with a guest's consent, one held back by a
 * guest who declined. Everything goes through the meetings service and the consent machine.
 * @example await seedDemoConsent(deps, 'demo')
 */
export async function seedDemoConsent(deps: AppDeps, companyId: string): Promise<void> {
  const demo = ConsentDemo.parse(JSON.parse(readFileSync(demoFile, 'utf8')));
  const { store } = deps;
  const draft = await store.consentPolicies.createDraft(companyId, {
    createdBy: 'system',
    body: demo.policy,
  });
  await store.consentPolicies.approve(companyId, draft.version, { approvedBy: 'system' });
  await store.jurisdictionMap.replace(companyId, demo.jurisdictionMap);
  const now = deps.clock();
  const hoursFromNow = (hours: number) => new Date(now.getTime() + hours * 3_600_000).toISOString();
  const at = now.toISOString();
  for (const m of demo.meetings) {
    const meeting = await createMeeting(
      store,
      companyId,
      {
        title: m.title,
        startsAt: hoursFromNow(m.startsInHours),
        endsAt: hoursFromNow(m.startsInHours + m.hours),
        conferenceUrl: m.conferenceUrl,
        hostMemberId: m.hostMemberId,
        participants: m.participants,
      },
      at,
    );
    const idOf = (email: string) =>
      meeting.participants.find((p) => p.email === email)?.id ?? email;
    for (const step of m.events) {
      const [what, email = ''] = step.split(':');
      if (what === 'notice') {
        await applyConsentEvent(store, companyId, meeting.id, { type: 'SEND_NOTICE', at });
      } else if (what === 'recorder_joined') {
        await botEvent(store, companyId, meeting.id, { type: 'recorder_joined', at }, at);
      } else if (what === 'accept' || what === 'decline') {
        await answerConsent(store, companyId, meeting.id, idOf(email), what, at);
      }
    }
  }
}
