import { z } from 'zod';

/**
 * What a process changed that other processes may hold in memory: a company's API keys, or its
 * latest evaluation. `everything` means "forget all": a process that lost the feed for a while
 * cannot know what it missed. `sync_cancel`: the company's run `runId` was asked to stop,
 * wherever it runs (the run also carries the request, for a process that missed the notice).
 */
export const StoreChange = z.object({
  topic: z.enum(['api_keys', 'latest', 'everything', 'sync_cancel']),
  companyId: z.string(),
  /** `sync_cancel`: the run to stop, so a notice arriving after it ended stops no later run. */
  runId: z.string().optional(),
});
export type StoreChange = z.infer<typeof StoreChange>;

/** Tells every process on the same database what changed, so in-memory copies are dropped. */
export interface StoreChanges {
  /** Delivered to every subscriber of every process on the database, this one included. */
  publish(change: StoreChange): Promise<void>;
  /** Returns the unsubscribe. */
  subscribe(listener: (change: StoreChange) => void): () => void;
}

/**
 * The subscribers of one process, and how to call them all.
 * @example const local = localChanges(); local.subscribe(console.log); local.emit({ topic: 'latest', companyId: 'acme' });
 */
export function localChanges(): Pick<StoreChanges, 'subscribe'> & {
  emit(change: StoreChange): void;
} {
  const listeners = new Set<(change: StoreChange) => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(change) {
      for (const listener of listeners) listener(change);
    },
  };
}
