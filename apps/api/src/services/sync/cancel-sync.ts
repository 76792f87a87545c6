import type { SyncStatus } from '@capture-doctor/sync';
import type { AppDeps } from '../../app-deps/app-deps.js';

/**
 * Asks the company's running sync to stop, wherever it runs: this process's own sync at once;
 * a sync of another `serve` or `worker` through the store's change feed (a notice naming the run,
 * so one arriving after that run ended leaves the company's next sync alone), and through the run
 * itself, which its process reads at its next save (so a missed notice, or a run taken over from
 * a dead worker, still ends `cancelled`). What was read stays saved for the next sync.
 * @example const status = await cancelSync(deps, 'acme') // null: no sync was running
 */
export async function cancelSync(
  deps: Pick<AppDeps, 'store' | 'syncs'>,
  companyId: string,
): Promise<SyncStatus | null> {
  const here = deps.syncs.cancel(companyId);
  const run = await deps.store.syncRuns.resumable(companyId);
  const elsewhere = run !== null && (await deps.store.syncRuns.requestCancel(run.id));
  if (elsewhere)
    await deps.store.changes.publish({ topic: 'sync_cancel', companyId, runId: run.id });
  if (!here && !elsewhere) return null;
  return deps.syncs.status(companyId);
}
