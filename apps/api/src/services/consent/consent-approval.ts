import type { ConsentFinding } from '@capture-doctor/domain';
import { simulateMeeting } from '@capture-doctor/machines';
import type { ConsentPolicyVersion, Store, VerifiedApiKey } from '@capture-doctor/store';
import { refreshMeetingVerdicts } from '@capture-doctor/sync';
import { z } from 'zod';
import { recordAudit } from '../../audit/audit.js';
import { actorOf } from '../../auth/auth.js';
import { countedText } from '../../notices/notices.js';
import { ProblemError } from '../../problem/problem.js';
import refusals from './approval-refusals.json' with { type: 'json' };
import { policyOf, withServerVersion } from './consent-policy.js';
import { type PolicyChange, policyChanges } from './policy-diff.js';
import {
  type UsualJurisdictions,
  usualJurisdictions,
  usualParticipants,
} from './usual-jurisdictions.js';

/** What an approver sends: nothing, or why the draft may go in force despite red findings. */
export const ApprovalRequest = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .optional()
    .describe(
      'why the draft may go in force despite red findings; kept with the version and in the audit log',
    ),
});
export type ApprovalRequest = z.infer<typeof ApprovalRequest>;

/** What approving the open draft would meet: its changes, its findings, who may approve. */
export interface ApprovalCheck {
  draft: ConsentPolicyVersion;
  inForce: ConsentPolicyVersion | null;
  /** the draft against the policy in force (every field when none is) */
  changes: PolicyChange[];
  usual: UsualJurisdictions;
  /** the consent rules' findings for a meeting in the usual jurisdictions, red first */
  findings: ConsentFinding[];
  red: ConsentFinding[];
  /** the caller's key was the last to edit the draft, so it may not approve it */
  lastEditedByCaller: boolean;
  /** the sentence that refuses the approval as things stand, or null */
  refusal: string | null;
}

type Repositories = Pick<
  Store,
  'consentPolicies' | 'usualJurisdictions' | 'meetings' | 'jurisdictionMap'
>;

/**
 * Checks the open draft as approval will: null when there is no draft.
 * @example (await approvalCheck(store, principal, new Date()))?.red.length
 */
export async function approvalCheck(
  store: Repositories,
  principal: VerifiedApiKey,
  now: Date,
): Promise<ApprovalCheck | null> {
  const { companyId } = principal;
  const open = await store.consentPolicies.draft(companyId);
  if (!open) return null;
  const draft = withServerVersion(open);
  const approved = await store.consentPolicies.latestApproved(companyId);
  const inForce = approved ? withServerVersion(approved) : null;
  const usual = await usualJurisdictions(store, companyId, now);
  const at = now.toISOString();
  const { findings } = simulateMeeting(policyOf(draft), usualParticipants(usual.jurisdictions), {
    startsAt: at,
    now: at,
  });
  const red = findings.filter((f) => f.color === 'red');
  const lastEditedByCaller = draft.updatedBy === actorOf(principal);
  const check = {
    draft,
    inForce,
    changes: policyChanges(inForce?.body ?? null, draft.body),
    usual,
    findings,
    red,
    lastEditedByCaller,
  };
  return { ...check, refusal: refusalOf(check, false)?.detail ?? null };
}

/**
 * Approves the open draft as the caller, or refuses (409, problem+json): no draft; the caller's
 * key edited it last (four eyes); red findings for the company's usual jurisdictions and no
 * reason given. The audit entry names the version, what changed and any reason. The upcoming
 * calendar meetings are then judged again under the policy now in force.
 * @example await approveDraft(store, principal, { reason: 'counsel approved' }, { now: new Date() })
 */
export async function approveDraft(
  store: Store,
  principal: VerifiedApiKey,
  request: ApprovalRequest,
  options: { now: Date; from?: string },
): Promise<{ approved: ConsentPolicyVersion; check: ApprovalCheck }> {
  // One transaction: nobody edits the draft between the check and the approval.
  const approval = await store.transaction(async (tx) => {
    const check = await approvalCheck(tx, principal, options.now);
    if (!check) throw refusal('no-draft', 'no_draft', {});
    const refused = refusalOf(check, request.reason !== undefined);
    if (refused) throw refused;
    const { version } = check.draft;
    const approved = await tx.consentPolicies.approve(principal.companyId, version, {
      approvedBy: actorOf(principal),
      ...(request.reason ? { reason: request.reason } : {}),
    });
    await recordAudit(tx, principal, 'consent-policy.approve', `consent-policy:v${version}`, {
      version,
      previousVersion: check.inForce?.version ?? null,
      changes: check.changes,
      redFindings: check.red.map((f) => f.ruleId),
      jurisdictions: check.usual.jurisdictions,
      reason: request.reason ?? null,
      ...(options.from ? { from: options.from } : {}),
    });
    return { approved: withServerVersion(approved), check };
  });
  await refreshMeetingVerdicts(store, principal.companyId, { now: options.now.toISOString() });
  return approval;
}

function refusalOf(check: Omit<ApprovalCheck, 'refusal'>, hasReason: boolean): ProblemError | null {
  const { version } = check.draft;
  if (check.lastEditedByCaller) {
    return refusal(
      'author-cannot-approve',
      'author_cannot_approve',
      { version, author: check.draft.updatedBy },
      { field: 'header:authorization' },
    );
  }
  if (check.red.length > 0 && !hasReason) {
    const jurisdictions = check.usual.jurisdictions.join(', ') || 'none configured';
    return refusal(
      'red-findings',
      'red_findings',
      { version, count: check.red.length, jurisdictions },
      { field: 'reason', findings: check.red },
    );
  }
  return null;
}

function refusal(
  id: keyof typeof refusals,
  code: string,
  values: Record<string, string | number>,
  extra: { field?: string; findings?: ConsentFinding[] } = {},
): ProblemError {
  // A detail about a number of findings has a `one` and an `other` form: `count` picks one.
  const sentence = refusals[id];
  return new ProblemError(409, id, sentence.title, countedText(sentence.detail, values), {
    code,
    ...extra,
  });
}
