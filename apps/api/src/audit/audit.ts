// @internal: a part of the API's own wiring, not used outside apps/api.
import type { Context } from 'hono';
import type { ApiEnv } from '../api-env/api-env.js';
import type { AppDeps } from '../app-deps/app-deps.js';
import { actorOf } from '../auth/auth.js';

/**
 * Records a successful change in the audit log, naming the key (never the key itself).
 * @example await recordAudit(deps, c, 'acknowledgement.create', 'member:m3', { ruleId })
 */
export async function recordAudit(
  deps: AppDeps,
  c: Context<ApiEnv>,
  action: string,
  target: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  const principal = c.get('principal');
  await deps.store.audit.append({
    companyId: principal.companyId,
    actor: actorOf(principal),
    action,
    target,
    detail,
  });
}
