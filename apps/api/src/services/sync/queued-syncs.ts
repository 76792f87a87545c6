import type { SyncManager } from '@capture-doctor/sync';
import type { SyncQueue } from '../../sync-queue/sync-queue.js';

/**
 * The sync manager of a `serve --no-worker` process: starting a sync queues it for a worker;
 * progress is read from the store, where the worker saves it as it goes. Cancelling goes
 * through cancelSync, which reaches the worker running the sync.
 * @example deps.syncs = queuedSyncs(queue, syncs, clock)
 */
export function queuedSyncs(queue: SyncQueue, local: SyncManager, clock: () => Date): SyncManager {
  return {
    ...local,
    async start(companyId, options = {}) {
      const requestedAt = clock().toISOString();
      await queue.enqueue({
        companyId,
        requestedAt,
        ...(options.actor === undefined ? {} : { actor: options.actor }),
      });
      // Queued, or already waiting: either way a worker will run it; no run exists yet.
      return {
        companyId,
        runId: null,
        phase: 'preparing',
        done: 0,
        total: null,
        startedAt: requestedAt,
        finishedAt: null,
        error: null,
        snapshotId: null,
        evaluationId: null,
        resumedFrom: null,
      };
    },
  };
}
