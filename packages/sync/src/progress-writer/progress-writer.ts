// @internal: the sync's own batching of saves; runSync is its only user.
import type { ProviderMemberFacts } from '@capture-doctor/providers';
import type { JsonValue, NewIngestionRead, Store } from '@capture-doctor/store';

interface Pending {
  facts: ProviderMemberFacts;
  reads: NewIngestionRead[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Saves member results as they come, in small batches, each in one transaction with its reads. */
export interface ProgressWriter {
  /** Queues a member's facts and the reads they prove; resolves once both are on disk. */
  add(facts: ProviderMemberFacts, reads: NewIngestionRead[]): Promise<void>;
  /** Resolves when everything queued so far is on disk. */
  drain(): Promise<void>;
}

/**
 * A writer that batches while a write is in flight (group commit): under load the batches grow
 * up to `maxBatch`, and a member waits for at most one transaction before it is on disk. The
 * member's results and the audit rows of its reads are kept together, so a kill never splits them.
 * @example const writer = progressWriter({ store, companyId, runId, onSaved: (n) => done += n });
 */
export function progressWriter(input: {
  store: Store;
  companyId: string;
  runId: string;
  maxBatch?: number;
  onSaved?: (count: number) => void;
}): ProgressWriter {
  const maxBatch = input.maxBatch ?? 25;
  const pending: Pending[] = [];
  let writing: Promise<void> | null = null;
  let failure: unknown = null;

  const writeAll = async (): Promise<void> => {
    while (pending.length > 0) {
      const batch = pending.splice(0, maxBatch);
      try {
        await input.store.transaction(async (repositories) => {
          await repositories.syncRuns.saveProgress(input.runId, {
            members: batch.map((item) => ({
              memberId: item.facts.id,
              result: asJsonFacts(item.facts),
            })),
          });
          const reads = batch.flatMap((item) => item.reads);
          if (reads.length > 0)
            await repositories.ingestionAudit.recordMany(input.companyId, reads);
        });
      } catch (error) {
        failure = error;
        for (const item of [...batch, ...pending.splice(0)]) item.reject(error);
        return;
      }
      for (const item of batch) item.resolve();
      input.onSaved?.(batch.length);
    }
  };

  const kick = (): void => {
    if (writing !== null) return;
    writing = writeAll().finally(() => {
      writing = null;
      if (pending.length > 0 && failure === null) kick();
    });
  };

  return {
    add(facts, reads) {
      if (failure !== null) return Promise.reject(failure);
      return new Promise<void>((resolve, reject) => {
        pending.push({ facts, reads, resolve, reject });
        kick();
      });
    },
    async drain() {
      while (writing !== null) await writing;
      if (failure !== null) throw failure;
    },
  };
}

/** Member facts as stored JSON: optional fields left out rather than undefined. */
function asJsonFacts(facts: ProviderMemberFacts): JsonValue {
  return JSON.parse(JSON.stringify(facts)) as JsonValue;
}
