import { ConsentPolicy, Participant } from '@capture-doctor/domain';
import { type MeetingSimulation, SimulatedAnswer, simulateMeeting } from '@capture-doctor/machines';
import type { ConsentPolicyVersion, Store } from '@capture-doctor/store';
import { z } from 'zod';

/** A meeting to simulate: when it starts, who attends, and how each would answer. */
export const SimulatedMeeting = z.strictObject({
  startsAt: z.iso.datetime({ offset: true }),
  participants: z.array(Participant).min(1).max(500),
  answers: z
    .record(z.string(), SimulatedAnswer)
    .optional()
    .describe('answer on the consent page by participant id; everyone accepts by default'),
  removedBy: z
    .string()
    .min(1)
    .optional()
    .describe('a participant who removes the recorder once the answers are in'),
});
export type SimulatedMeeting = z.infer<typeof SimulatedMeeting>;

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
 * Writes the company's draft policy: the open draft is edited, else a new version is opened.
 * @example const saved = await saveDraft(store, 'acme', policy, 'admin:k1') // { version: 1, status: 'draft' }
 */
export function saveDraft(
  store: Store,
  companyId: string,
  policy: ConsentPolicy,
  by: string,
): Promise<ConsentPolicyVersion> {
  return store.transaction(async (tx) => {
    const draft = await tx.consentPolicies.draft(companyId);
    return draft
      ? tx.consentPolicies.updateDraft(companyId, draft.version, { updatedBy: by, body: policy })
      : tx.consentPolicies.createDraft(companyId, { createdBy: by, body: policy });
  });
}

/**
 * Approves the open draft; null when there is none.
 * @example await approveDraft(store, 'acme', 'compliance:k2') // { status: 'approved', approvedBy: 'compliance:k2' }
 */
export async function approveDraft(
  store: Store,
  companyId: string,
  by: string,
): Promise<ConsentPolicyVersion | null> {
  const draft = await store.consentPolicies.draft(companyId);
  if (!draft) return null;
  return store.consentPolicies.approve(companyId, draft.version, { approvedBy: by });
}

/**
 * Plays a meeting through the consent rules and machine under the policy in force (before any
 * approval, the draft being written; before any draft, the default policy).
 * @example (await simulatePolicy(store, 'acme', meeting)).result.wouldRecord
 */
export async function simulatePolicy(
  store: Store,
  companyId: string,
  meeting: SimulatedMeeting,
): Promise<{ policyVersion: number | null; policyStatus: string; result: MeetingSimulation }> {
  const used =
    (await store.consentPolicies.latestApproved(companyId)) ??
    (await store.consentPolicies.list(companyId))[0] ??
    null;
  const policy = used ? ConsentPolicy.parse(used.body) : defaultPolicy;
  return {
    policyVersion: used?.version ?? null,
    policyStatus: used?.status ?? 'default',
    result: simulateMeeting(policy, meeting.participants, {
      startsAt: meeting.startsAt,
      ...(meeting.answers ? { answers: meeting.answers } : {}),
      ...(meeting.removedBy ? { removedBy: meeting.removedBy } : {}),
    }),
  };
}
