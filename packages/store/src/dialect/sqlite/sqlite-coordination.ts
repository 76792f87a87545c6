// @internal: used only inside @capture-doctor/store.

import { localChanges } from '../../store-changes/store-changes.js';
import type { StoreCoordination } from '../../store-coordination/store-coordination.js';

/**
 * On SQLite one process serves: changes go straight to this process's subscribers, and a lock
 * is a queue of promises per name.
 * @example const { changes, withLock } = sqliteCoordination();
 */
export function sqliteCoordination(): StoreCoordination {
  const local = localChanges();
  const held = new Map<string, Promise<unknown>>();
  return {
    changes: {
      publish: async (change) => local.emit(change),
      subscribe: local.subscribe,
    },
    async withLock(name, work) {
      const before = held.get(name) ?? Promise.resolve();
      const mine = before.catch(() => {}).then(work);
      held.set(name, mine);
      try {
        return await mine;
      } finally {
        if (held.get(name) === mine) held.delete(name);
      }
    },
    async tryLock(name, work) {
      if (held.has(name)) return { ran: false };
      const mine = work();
      held.set(name, mine);
      try {
        return { ran: true, value: await mine };
      } finally {
        if (held.get(name) === mine) held.delete(name);
      }
    },
    close: async () => {},
  };
}
