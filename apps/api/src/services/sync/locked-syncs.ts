import type { Store } from '@capture-doctor/store';
import { SyncError, type SyncManager } from '@capture-doctor/sync';

/**
 * The name of the lock a company's sync holds for as long as it runs.
 * @example await store.tryLock(syncLockName('acme'), work)
 */
export function syncLockName(companyId: string): string {
  return `sync:${companyId}`;
}

/**
 * A sync manager whose every sync holds its company's lock from start to end, so that no two
 * processes on one database sync a company at once (the sync manager alone knows its own
 * process). On PostgreSQL the lock is the server's: it goes with a killed holder's connection.
 * @example const syncs = lockedSyncs(store, createSyncManager({ store })); await syncs.start('acme');
 */
export function lockedSyncs(store: Pick<Store, 'tryLock'>, inner: SyncManager): SyncManager {
  return {
    ...inner,
    start(companyId, options) {
      return new Promise((resolve, reject) => {
        store
          .tryLock(syncLockName(companyId), async () => {
            const started = await inner.start(companyId, options).catch((error: unknown) => {
              reject(error);
              return null;
            });
            if (started === null) return;
            resolve(started);
            await inner.wait(companyId);
          })
          .then((outcome) => {
            if (!outcome.ran) reject(elsewhere(companyId));
          }, reject);
      });
    },
  };
}

function elsewhere(companyId: string): SyncError {
  return new SyncError(
    'conflict',
    `a sync of company "${companyId}" is already running in another process`,
    'companyId',
  );
}
