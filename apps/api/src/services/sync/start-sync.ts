import type { VerifiedApiKey } from '@capture-doctor/store';
import { isSyncError, type SyncError, type SyncStatus } from '@capture-doctor/sync';
import type { AppDeps } from '../../app-deps/app-deps.js';
import { recordAudit } from '../../audit/audit.js';
import { actorOf } from '../../auth/auth.js';
import { ProblemError } from '../../problem/problem.js';

/**
 * Starts a provider sync of the caller's company in the background and audits it; a sync that
 * cannot start is refused as a problem (409 running, 422 misconfigured, ...).
 * @example const status = await startSync(deps, principal) // { phase: 'preparing', ... }
 */
export async function startSync(deps: AppDeps, principal: VerifiedApiKey): Promise<SyncStatus> {
  const started = await deps.syncs
    .start(principal.companyId, { actor: actorOf(principal) })
    .catch((error: unknown) => {
      throw isSyncError(error) ? syncProblem(error) : error;
    });
  await recordAudit(deps.store, principal, 'sync.start', `sync-run:${started.runId ?? 'none'}`, {
    resumedFrom: started.resumedFrom,
  });
  return started;
}

/**
 * The problem answering a sync's refusal; the sync's messages never hold a secret, so they can
 * be shown as they are.
 * @example throw syncProblem(error) // 409 sync-running
 */
export function syncProblem(error: SyncError): ProblemError {
  const field = error.field === undefined ? {} : { field: error.field };
  switch (error.code) {
    case 'conflict':
      return new ProblemError(409, 'sync-running', 'A sync is already running', error.message, {
        code: 'conflict',
        ...field,
      });
    case 'not_found':
      return new ProblemError(404, 'not-found', 'Not found', error.message, {
        code: 'not_found',
        ...field,
      });
    case 'invalid_configuration':
      return new ProblemError(422, 'sync-configuration', 'Cannot sync', error.message, {
        code: 'invalid_configuration',
        ...field,
      });
    default:
      return new ProblemError(500, 'sync-failed', 'Sync failed', error.message, {
        code: 'failed',
      });
  }
}
