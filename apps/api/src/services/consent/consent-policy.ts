import { ConsentPolicy, Participant } from '@capture-doctor/domain';
import { type MeetingSimulation, SimulatedAnswer, simulateMeeting } from '@capture-doctor/machines';
import type { ConsentPolicyVersion, Store, VerifiedApiKey } from '@capture-doctor/store';
import { z } from 'zod';
import { recordAudit } from '../../audit/audit.js';
import { actorOf } from '../../auth/auth.js';
import { ProblemError } from '../../problem/problem.js';

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

/**
 * A policy as a client writes it: `version` may be sent (it is in every policy read back) but
 * is ignored, since the server numbers versions.
 */
export const DraftPolicy = ConsentPolicy.extend({
  version: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('ignored: the server numbers versions and stores its own number in the body'),
});
export type DraftPolicy = z.infer<typeof DraftPolicy>;

/** The policy used before a company has saved one. */
export const defaultPolicy: ConsentPolicy = {
  id: 'default',
  version: 1,
  recorderName: 'Meeting recorder',
  noticeEmail: { enabled: true, leadTimeHours: 24, audience: 'external' },
  consentPage: { enabled: true, audience: 'all_party_jurisdictions' },
  announcement: { enabled: true },
};

/**
 * A stored version whose body carries the version's own number, whatever was stored before
 * clients' numbers were ignored.
 * @example withServerVersion(stored).body.version === stored.version // true
 */
export function withServerVersion(stored: ConsentPolicyVersion): ConsentPolicyVersion {
  return { ...stored, body: { ...stored.body, version: stored.version } };
}

/** The policy document of a stored version, numbered by the server. */
export function policyOf(stored: ConsentPolicyVersion): ConsentPolicy {
  return ConsentPolicy.parse(withServerVersion(stored).body);
}

/**
 * Writes the company's draft policy (the open draft is edited, else a new version is opened),
 * numbered by the server whatever `version` the client sent, and audits it.
 * @example const saved = await saveDraft(store, principal, policy) // { version: 1, status: 'draft' }
 */
export async function saveDraft(
  store: Store,
  principal: VerifiedApiKey,
  policy: DraftPolicy,
  audit: { from?: string } = {},
): Promise<ConsentPolicyVersion> {
  const { companyId } = principal;
  const by = actorOf(principal);
  const saved = await store.transaction(async (tx) => {
    const draft = await tx.consentPolicies.draft(companyId);
    const latest = draft ?? (await tx.consentPolicies.list(companyId))[0];
    const version = draft ? draft.version : (latest?.version ?? 0) + 1;
    const body = { ...policy, version };
    const written = draft
      ? await tx.consentPolicies.updateDraft(companyId, version, { updatedBy: by, body })
      : await tx.consentPolicies.createDraft(companyId, { createdBy: by, body });
    await recordAudit(tx, principal, 'consent-policy.draft', `consent-policy:v${version}`, {
      version,
      ...(audit.from ? { from: audit.from } : {}),
    });
    return written;
  });
  return withServerVersion(saved);
}

/**
 * One version of the company's policy, or a 404 naming `field` (where the caller gave it).
 * @example await policyVersion(store, 'acme', 2, 'query:version')
 */
export async function policyVersion(
  store: Pick<Store, 'consentPolicies'>,
  companyId: string,
  version: number,
  field: string,
): Promise<ConsentPolicyVersion> {
  const found = await store.consentPolicies.get(companyId, version);
  if (!found) {
    throw new ProblemError(404, 'not-found', 'Not found', `no consent policy version ${version}`, {
      field,
    });
  }
  return withServerVersion(found);
}

/**
 * Plays a meeting through the consent rules and machine under one version of the policy (draft
 * included), else the policy in force (before any approval, the draft being written; before any
 * draft, the default policy). `now` keeps every piece of evidence at or after the present.
 * @example (await simulatePolicy(store, 'acme', meeting, { now, version: 3 })).result.wouldRecord
 */
export async function simulatePolicy(
  store: Store,
  companyId: string,
  meeting: SimulatedMeeting,
  options: { now: Date; version?: number },
): Promise<{ policyVersion: number | null; policyStatus: string; result: MeetingSimulation }> {
  const used =
    options.version !== undefined
      ? await policyVersion(store, companyId, options.version, 'query:version')
      : ((await store.consentPolicies.latestApproved(companyId)) ??
        (await store.consentPolicies.list(companyId))[0] ??
        null);
  const policy = used ? policyOf(used) : defaultPolicy;
  return {
    policyVersion: used?.version ?? null,
    policyStatus: used?.status ?? 'default',
    result: simulateMeeting(policy, meeting.participants, {
      startsAt: meeting.startsAt,
      now: options.now.toISOString(),
      ...(meeting.answers ? { answers: meeting.answers } : {}),
      ...(meeting.removedBy ? { removedBy: meeting.removedBy } : {}),
    }),
  };
}
