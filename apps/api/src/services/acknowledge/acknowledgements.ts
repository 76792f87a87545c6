import type { StoredAcknowledgement, VerifiedApiKey } from '@capture-doctor/store';
import type { z } from 'zod';
import type { AcknowledgementBody } from '../../api-schemas/api-schemas.js';
import type { AppDeps } from '../../app-deps/app-deps.js';
import { recordAudit } from '../../audit/audit.js';
import { actorOf } from '../../auth/auth.js';
import { ProblemError } from '../../problem/problem.js';
import { foundOr404 } from '../../store-problem/store-problem.js';
import { reevaluate } from '../evaluate/evaluate-latest.js';

/**
 * Accepts a finding of a member until a date, audits it and evaluates again, so the icon it
 * coloured takes its colour from the other findings. Refused (400, naming the field) for a past
 * date, an unknown rule or a member missing from the latest evaluation.
 * @example await acknowledge(deps, principal, { memberId: 'm13', ruleId: 'calendar-not-available', reason, expiresAt })
 */
export async function acknowledge(
  deps: AppDeps,
  principal: VerifiedApiKey,
  body: z.infer<typeof AcknowledgementBody>,
): Promise<StoredAcknowledgement> {
  if (Date.parse(body.expiresAt) <= deps.clock().getTime()) {
    throw invalid('expiresAt', 'expiresAt: must be in the future');
  }
  if (!deps.rules.rules.some((r) => r.id === body.ruleId)) {
    throw invalid('ruleId', `ruleId: no rule "${body.ruleId}"`);
  }
  const latest = await deps.cache.evaluation(principal.companyId);
  if (!latest?.members.has(body.memberId)) {
    throw invalid('memberId', `memberId: no member "${body.memberId}" in the latest evaluation`);
  }
  const created = await deps.store.acknowledgements.create(principal.companyId, {
    ...body,
    createdBy: actorOf(principal),
  });
  await recordAudit(
    deps.store,
    principal,
    'acknowledgement.create',
    `acknowledgement:${created.id}`,
    {
      memberId: body.memberId,
      ruleId: body.ruleId,
      expiresAt: body.expiresAt,
    },
  );
  await reevaluate(deps, principal.companyId);
  return created;
}

/**
 * Revokes an acknowledgement (404 when the company has no such one), audits it and evaluates
 * again, so the finding colours its icon again.
 * @example await revokeAcknowledgement(deps, principal, 'ack_1')
 */
export async function revokeAcknowledgement(
  deps: AppDeps,
  principal: VerifiedApiKey,
  acknowledgementId: string,
): Promise<StoredAcknowledgement> {
  const revoked = await foundOr404(
    deps.store.acknowledgements.revoke(principal.companyId, acknowledgementId, {
      revokedBy: actorOf(principal),
    }),
    'acknowledgement',
    acknowledgementId,
  );
  await recordAudit(
    deps.store,
    principal,
    'acknowledgement.revoke',
    `acknowledgement:${acknowledgementId}`,
  );
  await reevaluate(deps, principal.companyId);
  return revoked;
}

function invalid(field: string, detail: string): ProblemError {
  return new ProblemError(400, 'invalid-body', 'Invalid body', detail, { field });
}
