// @internal: a part of the API's own wiring, not used outside apps/api.
import type { JsonObject, Store, VerifiedApiKey } from '@capture-doctor/store';
import { actorOf } from '../auth/auth.js';

/**
 * Records a successful change in the audit log, naming the key (never the key itself).
 * @example await recordAudit(deps.store, c.get('principal'), 'acknowledgement.create', 'member:m3', { ruleId })
 */
export async function recordAudit(
  store: Pick<Store, 'auditLog'>,
  principal: VerifiedApiKey,
  action: string,
  target: string,
  details: JsonObject = {},
): Promise<void> {
  await store.auditLog.record({
    companyId: principal.companyId,
    actor: actorOf(principal),
    action,
    target,
    details,
  });
}
