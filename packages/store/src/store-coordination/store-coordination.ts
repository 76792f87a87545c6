import type { StoreChanges } from '../store-changes/store-changes.js';

/** What a tryLock did: ran the work (and its value), or found the lock held elsewhere. */
export type LockOutcome<T> = { ran: true; value: T } | { ran: false };

/** How the processes on one database agree: a change feed and named locks. */
export interface StoreCoordination {
  changes: StoreChanges;
  /** Runs `work` holding the lock `name`, waiting for any process that holds it. */
  withLock<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** Runs `work` holding the lock `name` only if no process holds it now. */
  tryLock<T>(name: string, work: () => Promise<T>): Promise<LockOutcome<T>>;
  close(): Promise<void>;
}
