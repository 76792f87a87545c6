// @internal: the sync's own batching of saves; runSync is its only user.
import type { ProviderMemberFacts } from '@capture-doctor/providers';
import type { JsonValue, NewIngestionRead, ReadEnd, Store } from '@capture-doctor/store';

/** A read's audit row, under the id the provider module gave its start and its end. */
export interface AuditedRead {
  readId: string;
  read: NewIngestionRead;
}

interface Settle {
  resolve: () => void;
  reject: (error: unknown) => void;
}

type Pending = (
  | { kind: 'started'; started: AuditedRead }
  | { kind: 'member'; facts: ProviderMemberFacts; ends: AuditedRead[] }
) &
  Settle;

/** Saves started reads and member results as they come, in small batches (group commit). */
export interface ProgressWriter {
  /** Queues a read about to be sent; resolves once its `started` row is on disk. */
  start(started: AuditedRead): Promise<void>;
  /**
   * Queues a member's facts and how its reads ended; resolves once both are on disk. A read
   * whose start was not kept is recorded whole.
   */
  add(facts: ProviderMemberFacts, ends: AuditedRead[]): Promise<void>;
  /** Resolves when everything queued so far is on disk. */
  drain(): Promise<void>;
}

// Started reads are small rows: many may share a transaction with `maxBatch` members.
const MAX_STARTED_PER_BATCH = 1000;

/**
 * A writer that batches while a write is in flight (group commit): under load the batches grow
 * up to `maxBatch` members, and a member waits for at most one transaction before it is on disk.
 * A read's `started` row is on disk before the read is sent; the member's results and the ends
 * of its reads are kept together, so a kill never splits them, and a read in flight at a kill
 * stays `started` (the next sync marks it `interrupted`).
 * @example const writer = progressWriter({ store, companyId, runId, onSaved: (n) => done += n });
 */
export function progressWriter(input: {
  store: Store;
  companyId: string;
  runId: string;
  maxBatch?: number;
  onSaved?: (count: number) => void;
  /** Called when a save finds the run asked to stop (by any process). */
  onCancelRequested?: () => void;
}): ProgressWriter {
  const maxBatch = input.maxBatch ?? 25;
  const pending: Pending[] = [];
  // The row id of each started read not yet ended, by the module's read id.
  const rowIds = new Map<string, string>();
  let writing: Promise<void> | null = null;
  let failure: unknown = null;

  const nextBatch = (): Pending[] => {
    let members = 0;
    let started = 0;
    let size = 0;
    for (const item of pending) {
      if (item.kind === 'member' ? members === maxBatch : started === MAX_STARTED_PER_BATCH) break;
      if (item.kind === 'member') members++;
      else started++;
      size++;
    }
    return pending.splice(0, size);
  };

  const save = async (batch: Pending[]): Promise<void> => {
    const company = input.companyId;
    const started = batch.flatMap((item) => (item.kind === 'started' ? [item.started] : []));
    const members = batch.flatMap((item) => (item.kind === 'member' ? [item] : []));
    const recordStarted = async (repositories: Pick<Store, 'ingestionAudit'>) => {
      if (started.length === 0) return;
      const rows = await repositories.ingestionAudit.recordMany(
        company,
        started.map((item) => item.read),
      );
      for (const [index, row] of rows.entries()) rowIds.set(started[index]!.readId, row.id);
    };
    // Started reads alone are one insert (all or nothing by itself): no transaction around it.
    if (members.length === 0) return recordStarted(input.store);
    await input.store.transaction(async (repositories) => {
      await recordStarted(repositories);
      const run = await repositories.syncRuns.saveMemberResults(
        input.runId,
        members.map((item) => ({ memberId: item.facts.id, result: asJsonFacts(item.facts) })),
      );
      if (run.cancelRequestedAt !== null) input.onCancelRequested?.();
      const ends = members.flatMap((item) => item.ends);
      const completed = ends.flatMap((end) => {
        const id = rowIds.get(end.readId);
        return id === undefined ? [] : [endOf(id, end.read)];
      });
      const whole = ends.filter((end) => !rowIds.has(end.readId)).map((end) => end.read);
      if (completed.length > 0) await repositories.ingestionAudit.complete(company, completed);
      if (whole.length > 0) await repositories.ingestionAudit.recordMany(company, whole);
    });
    for (const item of batch)
      if (item.kind === 'member') for (const end of item.ends) rowIds.delete(end.readId);
  };

  const writeAll = async (): Promise<void> => {
    while (pending.length > 0) {
      const batch = nextBatch();
      try {
        await save(batch);
      } catch (error) {
        failure = error;
        for (const item of [...batch, ...pending.splice(0)]) item.reject(error);
        return;
      }
      for (const item of batch) item.resolve();
      const saved = batch.filter((item) => item.kind === 'member').length;
      if (saved > 0) input.onSaved?.(saved);
    }
  };

  const kick = (): void => {
    if (writing !== null) return;
    writing = writeAll().finally(() => {
      writing = null;
      if (pending.length > 0 && failure === null) kick();
    });
  };

  const queue = (item: (settle: Settle) => Pending): Promise<void> => {
    if (failure !== null) return Promise.reject(failure);
    return new Promise<void>((resolve, reject) => {
      pending.push(item({ resolve, reject }));
      kick();
    });
  };

  return {
    start: (started) => queue((settle) => ({ kind: 'started', started, ...settle })),
    add: (facts, ends) => queue((settle) => ({ kind: 'member', facts, ends, ...settle })),
    async drain() {
      while (writing !== null) await writing;
      if (failure !== null) throw failure;
    },
  };
}

/** How a started read ended, as the store completes its row. */
function endOf(id: string, read: NewIngestionRead): ReadEnd {
  return {
    id,
    outcome: read.outcome === 'failed' ? 'failed' : 'ok',
    errorCode: read.errorCode ?? null,
    itemCount: read.itemCount,
    ...(read.at === undefined ? {} : { at: read.at }),
  };
}

/** Member facts as stored JSON: optional fields left out rather than undefined. */
function asJsonFacts(facts: ProviderMemberFacts): JsonValue {
  return JSON.parse(JSON.stringify(facts)) as JsonValue;
}
