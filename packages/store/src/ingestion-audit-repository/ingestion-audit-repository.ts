import { z } from 'zod';
import { EntityId, orCompanyNotFound } from '../company-repository/company-repository.js';
import type { IngestionAuditTable } from '../database/database.js';
import { valuesList } from '../dialect/values-list.js';
import { eventRow } from '../event-row/event-row.js';
import { inChunks, insertRows } from '../insert-rows/insert-rows.js';
import { inPeriod } from '../paging/in-period.js';
import { readAll } from '../read-rows/read-rows.js';
import type { RepositoryContext } from '../repository-context/repository-context.js';
import { camelRow } from '../row-case/row-case.js';
import { StoreError } from '../store-error/store-error.js';
import { TimeRange } from '../time-range/time-range.js';
import { InstantSchema } from '../timestamp/timestamp.js';
import { validateInput } from '../validate-input/validate-input.js';

/** What was opened. */
export const IngestedResource = z.enum(['mailbox', 'calendar']);
export type IngestedResource = z.infer<typeof IngestedResource>;

/**
 * Whether the provider answered the read with the mailbox or calendar: `started` while it is in
 * flight (kept before it is sent), `interrupted` when its run died before the answer came (the
 * provider may have served it).
 */
export const ReadOutcome = z.enum(['ok', 'failed', 'started', 'interrupted']);
export type ReadOutcome = z.infer<typeof ReadOutcome>;

/** How a started read ended. */
export const ReadEnd = z
  .strictObject({
    /** The id of the `started` row. */
    id: z.string().min(1),
    outcome: z.enum(['ok', 'failed']),
    errorCode: z.string().trim().min(1).max(100).nullable().default(null),
    itemCount: z.number().int().nonnegative(),
    /** When the answer came; defaults to now. */
    at: InstantSchema.optional(),
  })
  .refine((end) => end.outcome === 'failed' || end.errorCode === null, {
    path: ['errorCode'],
    message: 'a read that succeeded has no error code',
  });
export type ReadEnd = z.input<typeof ReadEnd>;

export const NewIngestionRead = z
  .strictObject({
    memberId: EntityId,
    resource: IngestedResource,
    /** The kind of read, e.g. `gmail.users.getProfile` or `graph.calendar.events.top1`. */
    readKind: z.string().trim().min(1).max(200),
    /**
     * `failed` when the read was sent but refused or unanswered; `started` when it is about to
     * be sent (see `complete`); default `ok`.
     */
    outcome: z.enum(['ok', 'failed', 'started']).default('ok'),
    /** The normalized error code of a failed read, e.g. `mailbox_not_enabled`. */
    errorCode: z.string().trim().min(1).max(100).nullable().default(null),
    itemCount: z.number().int().nonnegative(),
    /** When; defaults to now. */
    at: InstantSchema.optional(),
    /** The credential used (its id, never its secret). */
    credentialId: z.string().min(1).nullable().default(null),
  })
  .refine((read) => read.outcome === 'failed' || read.errorCode === null, {
    path: ['errorCode'],
    message: 'a read that succeeded has no error code',
  });
export type NewIngestionRead = z.input<typeof NewIngestionRead>;

const NewIngestionReads = z.array(NewIngestionRead);
const ReadEnds = z.array(ReadEnd);

export interface IngestionRead {
  id: string;
  companyId: string;
  memberId: string;
  resource: IngestedResource;
  readKind: string;
  outcome: ReadOutcome;
  errorCode: string | null;
  itemCount: number;
  at: string;
  credentialId: string | null;
}

export const IngestionFilter = TimeRange.extend({
  memberId: z.string().min(1).optional(),
  resource: IngestedResource.optional(),
  outcome: ReadOutcome.optional(),
});
export type IngestionFilter = z.input<typeof IngestionFilter>;

export interface IngestionAuditRepository {
  record(companyId: string, read: NewIngestionRead): Promise<IngestionRead>;
  /** Records several reads in one transaction (a batch of probes). */
  recordMany(companyId: string, reads: readonly NewIngestionRead[]): Promise<IngestionRead[]>;
  /** Ends `started` reads with their outcome; a read that is not `started` (any more) is refused. */
  complete(companyId: string, ends: readonly ReadEnd[]): Promise<void>;
  /**
   * Marks every `started` read of the company `interrupted`: their run is gone (a sync calls it
   * once it holds the company). Returns how many.
   */
  interruptStarted(companyId: string): Promise<number>;
  /** Reads per member and period, oldest first (or newest first with `order: 'desc'`). */
  list(companyId: string, filter?: IngestionFilter): Promise<IngestionRead[]>;
}

/**
 * The ingestion_audit table: every mailbox or calendar read the product makes. Append-only.
 * @example await store.ingestionAudit.record('acme', { memberId: 'u1', resource: 'mailbox', readKind: 'gmail.users.getProfile', itemCount: 0 });
 */
export function ingestionAuditRepository(ctx: RepositoryContext): IngestionAuditRepository {
  const { db } = ctx;
  // The company is not looked up first: the foreign key refuses a missing one in the insert.
  const insertReads = async (companyId: string, reads: readonly ParsedRead[]) => {
    const now = ctx.now();
    const rows: IngestionAuditTable[] = reads.map((read) => eventRow(companyId, read, now));
    await orCompanyNotFound(ctx, companyId, () => insertRows(db, 'ingestion_audit', rows));
    // Written from parsed input: nothing to check again on the way back.
    return rows.map((row, index) => writtenRead(row, reads[index]!));
  };
  return {
    async record(companyId, read) {
      const [stored] = await insertReads(companyId, [
        validateInput(NewIngestionRead, read, 'ingestion read'),
      ]);
      return stored!;
    },
    async recordMany(companyId, reads) {
      return insertReads(companyId, validateInput(NewIngestionReads, reads, 'ingestion read'));
    },
    async complete(companyId, ends) {
      const parsed = validateInput(ReadEnds, ends, 'read end');
      const now = ctx.now();
      const completed = new Set<string>();
      // One statement per chunk rather than per read: a sync ends hundreds of reads a second.
      for (const chunk of inChunks(parsed)) {
        const rows = chunk.map((end) => [
          end.id,
          end.outcome,
          end.errorCode,
          end.itemCount,
          end.at ?? now,
        ]);
        const ended = valuesList<EndRow, 'ended'>(rows, 'ended');
        const updated = await db
          .updateTable('ingestion_audit')
          .from(ended)
          .set((eb) => ({
            outcome: eb.ref('ended.column2'),
            error_code: eb.ref('ended.column3'),
            item_count: eb.ref('ended.column4'),
            at: eb.ref('ended.column5'),
          }))
          .whereRef('ingestion_audit.id', '=', 'ended.column1')
          .where('ingestion_audit.company_id', '=', companyId)
          .where('ingestion_audit.outcome', '=', 'started')
          .returning('ingestion_audit.id')
          .execute();
        for (const { id } of updated) completed.add(id);
      }
      const missing = parsed.findIndex((end) => !completed.delete(end.id));
      if (missing !== -1) {
        throw new StoreError('not_found', `no started read "${parsed[missing]?.id}" to complete`, {
          field: `[${missing}].id`,
        });
      }
    },
    async interruptStarted(companyId) {
      const result = await db
        .updateTable('ingestion_audit')
        .set({ outcome: 'interrupted' })
        .where('company_id', '=', companyId)
        .where('outcome', '=', 'started')
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async list(companyId, filter = {}) {
      const f = validateInput(IngestionFilter, filter, 'ingestion filter');
      const { memberId, resource, outcome } = f;
      const query = db.selectFrom('ingestion_audit').selectAll();
      const equal = { company_id: companyId, member_id: memberId, resource, outcome };
      return readAll(inPeriod(query, f, equal), toRead);
    },
  };
}

/** A read's end as the VALUES list of `complete` carries it. */
interface EndRow {
  column1: string;
  column2: string;
  column3: string | null;
  column4: number;
  column5: string;
}

type ParsedRead = z.output<typeof NewIngestionRead>;

function writtenRead(row: IngestionAuditTable, read: ParsedRead): IngestionRead {
  return { ...camelRow(row), resource: read.resource, outcome: read.outcome };
}

function toRead(row: IngestionAuditTable): IngestionRead {
  return {
    ...camelRow(row),
    resource: IngestedResource.parse(row.resource),
    outcome: ReadOutcome.parse(row.outcome),
    itemCount: Number(row.item_count),
  };
}
