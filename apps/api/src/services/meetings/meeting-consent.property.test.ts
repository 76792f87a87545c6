import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@capture-doctor/store';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemError } from '../../problem/problem.js';
import { testEncryptionKey } from '../../test-support/test-server.js';
import { botEvent } from './bot-event.js';
import { answerConsent, applyConsentEvent } from './consent-step.js';
import { createMeeting } from './create-meeting.js';
import { getMeeting } from './meeting-view.js';

let dir: string;
let store: Store;
let company = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'capture-doctor-meeting-property-'));
  store = await openStore({
    file: join(dir, 'store.sqlite'),
    encryptionKey: testEncryptionKey,
    env: {},
    logger: { warn: () => {} },
  });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const participantArb = fc.record({
  internal: fc.boolean(),
  jurisdiction: fc.constantFrom(null, 'US-CA', 'US-TX', 'DE', 'GB', 'CA'),
});
const policyArb = fc.record({
  noticeEmail: fc.boolean(),
  consentPage: fc.boolean(),
  audience: fc.constantFrom('everyone', 'external', 'all_party_jurisdictions'),
  staffCovered: fc.boolean(),
});
const actionArb = (count: number) => {
  const who = fc.nat({ max: count - 1 });
  // Joining and accepting weigh more, so that many runs reach a recording to check.
  return fc.oneof(
    { arbitrary: fc.constant({ type: 'recorder_joined' as const }), weight: 3 },
    { arbitrary: fc.record({ type: fc.constant('accept' as const), who }), weight: 4 },
    {
      arbitrary: fc.constantFrom({ type: 'notice' as const }, { type: 'meeting_ended' as const }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        type: fc.constantFrom(
          'decline' as const,
          'participant_joined' as const,
          'participant_left' as const,
          'recorder_removed' as const,
        ),
        who,
      }),
      weight: 3,
    },
  );
};
const scenarioArb = fc.array(participantArb, { minLength: 1, maxLength: 4 }).chain((participants) =>
  fc.record({
    policy: policyArb,
    participants: fc.constant(participants),
    actions: fc.array(actionArb(participants.length), { maxLength: 14 }),
  }),
);

describe('a meeting’s consent through the meetings service', () => {
  it('whatever order events arrive in, it never records while someone who must consent has not accepted', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ policy, participants, actions }) => {
        company += 1;
        const companyId = `c${company}`;
        await store.companies.create({ id: companyId, name: 'Acme' });
        const draft = await store.consentPolicies.createDraft(companyId, {
          createdBy: 'author',
          body: {
            id: 'p',
            version: 1,
            recorderName: 'Acme Notetaker',
            noticeEmail: { enabled: policy.noticeEmail, leadTimeHours: 24, audience: 'external' },
            consentPage: { enabled: policy.consentPage, audience: policy.audience },
            announcement: { enabled: true },
            staffCoveredByCompanyNotice: policy.staffCovered,
          },
        });
        await store.consentPolicies.approve(companyId, draft.version, { approvedBy: 'approver' });
        const now = '2031-01-01T09:00:00.000Z';
        const meeting = await createMeeting(
          store,
          companyId,
          {
            title: 'Call',
            startsAt: '2031-01-01T10:00:00Z',
            endsAt: '2031-01-01T11:00:00Z',
            conferenceUrl: 'https://meet.example/x',
            participants: participants.map((p, i) => ({ email: `p${i}@x${i}.example`, ...p })),
          },
          now,
          { publicUrl: () => 'https://capture.example', graceHours: 24 },
        );
        const ids = meeting.participants.map((p) => p.id);
        let removed = false;
        for (const action of actions) {
          try {
            if (action.type === 'notice') {
              await applyConsentEvent(store, companyId, meeting.id, {
                type: 'SEND_NOTICE',
                at: now,
              });
            } else if (action.type === 'accept' || action.type === 'decline') {
              await answerConsent(store, companyId, meeting.id, ids[action.who]!, action.type, now);
            } else if ('who' in action) {
              const answer = await botEvent(
                store,
                companyId,
                meeting.id,
                { type: action.type, participantId: ids[action.who]! },
                now,
              );
              if (action.type === 'recorder_removed') removed = true;
              expect(answer.recording).toBe(answer.reasons.length === 0);
            } else {
              await botEvent(store, companyId, meeting.id, { type: action.type }, now);
            }
          } catch (error) {
            // A refused event changes nothing; anything but a refusal is a failure.
            if (!(error instanceof ProblemError) || ![400, 409].includes(error.status)) throw error;
          }
          const view = await getMeeting(store, companyId, meeting.id);
          if (view.recording) {
            expect(removed).toBe(false);
            for (const p of view.participants) {
              if (p.present && p.mustConsent) expect(p.consent).toBe('accepted');
            }
          }
        }
        expect(await store.consentEvidence.verify(companyId, meeting.id)).toMatchObject({
          valid: true,
        });
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
