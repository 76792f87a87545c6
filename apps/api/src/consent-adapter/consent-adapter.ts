import { ConsentPolicy, Participant } from '@capture-doctor/domain';
import { simulateMeeting } from '@capture-doctor/machines';
import { z } from 'zod';
import type { ConsentPort } from '../consent-port/consent-port.js';

/** A meeting to simulate: when it starts, who attends, and how each would answer. */
export const SimulatedMeeting = z.strictObject({
  startsAt: z.iso.datetime({ offset: true }),
  participants: z.array(Participant).min(1).max(500),
  answers: z
    .record(z.string(), z.enum(['accept', 'decline', 'no_answer']))
    .optional()
    .describe('answer on the consent page by participant id; everyone accepts by default'),
  removedBy: z
    .string()
    .min(1)
    .optional()
    .describe('a participant who removes the recorder once the answers are in'),
});

/** The policy used before a company has saved one. */
const defaultPolicy: ConsentPolicy = {
  id: 'default',
  version: 1,
  recorderName: 'Meeting recorder',
  noticeEmail: { enabled: true, leadTimeHours: 24, audience: 'external' },
  consentPage: { enabled: true, audience: 'all_party_jurisdictions' },
  announcement: { enabled: true },
};

/**
 * Binds the API's consent port to @capture-doctor/machines: the policy schema, and a simulation
 * that checks the policy with the consent rules and plays the meeting through the consent machine.
 * @example consentAdapter().simulate(policy, { startsAt, participants })
 */
export function consentAdapter(): ConsentPort {
  return {
    policySchema: ConsentPolicy,
    meetingSchema: SimulatedMeeting,
    defaultPolicy: () => defaultPolicy,
    simulate(policy, meeting) {
      const m = SimulatedMeeting.parse(meeting);
      return simulateMeeting(ConsentPolicy.parse(policy), m.participants, {
        startsAt: m.startsAt,
        ...(m.answers ? { answers: m.answers } : {}),
        ...(m.removedBy ? { removedBy: m.removedBy } : {}),
      });
    },
  };
}
