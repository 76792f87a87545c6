import type { VerifiedApiKey } from '@capture-doctor/store';
import type { z } from 'zod';
import type * as S from '../../api-schemas/api-schemas.js';
import type { AppDeps } from '../../app-deps/app-deps.js';
import { recordAudit } from '../../audit/audit.js';
import { actorOf } from '../../auth/auth.js';
import { ProblemError } from '../../problem/problem.js';
import { foundOr404 } from '../../store-problem/store-problem.js';
import { reevaluate } from '../evaluate/evaluate-latest.js';

type AcknowledgementBody = z.infer<typeof S.AcknowledgementBody>;

/**
 * Accepts a finding of the latest evaluation for one member until a date, then colours the
 * latest evaluation again in place (no new history row). A rule that does not fire for that
 * member is refused with 422 naming both; one already in force for that member and rule, with 409.
 * @example await acknowledgeFinding(deps, principal, { memberId: 'm04', ruleId: 'recording-seat-missing', reason, expiresAt })
 */
export async function acknowledgeFinding(
  deps: AppDeps,
  principal: VerifiedApiKey,
  body: AcknowledgementBody,
) {
  const { companyId } = principal;
  if (Date.parse(body.expiresAt) <= deps.clock().getTime()) {
    throw invalid('expiresAt', 'expiresAt: must be in the future');
  }
  if (!deps.rules.rules.some((r) => r.id === body.ruleId)) {
    throw invalid('ruleId', `ruleId: no rule "${body.ruleId}"`);
  }
  const latest = await deps.cache.evaluation(companyId);
  const member = latest?.members.get(body.memberId);
  if (!latest || !member) {
    throw invalid('memberId', `memberId: no member "${body.memberId}" in the latest evaluation`);
  }
  const fires =
    member.findings.some((f) => f.ruleId === body.ruleId) ||
    latest.evaluation.report.banners.some(
      (b) => b.ruleId === body.ruleId && b.memberIds.includes(body.memberId),
    );
  if (!fires) {
    throw new ProblemError(
      422,
      'rule-not-firing',
      'Nothing to acknowledge',
      `rule "${body.ruleId}" does not fire for member "${body.memberId}" in the latest evaluation`,
      { field: 'ruleId', code: 'rule_not_firing' },
    );
  }
  await refuseSecondAcknowledgement(deps, companyId, body);
  const created = await deps.store.acknowledgements.create(companyId, {
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
  await reevaluate(deps, companyId);
  return created;
}

// Two acknowledgements in force for one finding would leave it accepted after one is revoked.
async function refuseSecondAcknowledgement(
  deps: AppDeps,
  companyId: string,
  body: AcknowledgementBody,
): Promise<void> {
  // In force as the store defines it (created, not expired, not revoked), at the API's clock.
  const existing = (await deps.store.acknowledgements.listActive(companyId, deps.clock())).find(
    (ack) => ack.memberId === body.memberId && ack.ruleId === body.ruleId,
  );
  if (existing === undefined) return;
  throw new ProblemError(
    409,
    'already-acknowledged',
    'Already acknowledged',
    `rule "${body.ruleId}" is already acknowledged for member "${body.memberId}" by ${existing.id} until ${existing.expiresAt}: revoke it first to change it`,
    { field: 'ruleId', code: 'already_acknowledged' },
  );
}

/**
 * Revokes an acknowledgement; its finding colours its icon again in the latest evaluation.
 * @example await revokeAcknowledgement(deps, principal, 'ack_1')
 */
export async function revokeAcknowledgement(
  deps: AppDeps,
  principal: VerifiedApiKey,
  acknowledgementId: string,
) {
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
