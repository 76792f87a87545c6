import { z } from 'zod';
import { EntityId, requireCompany } from '../company-repository/company-repository.js';
import type { IngestionAuditTable } from '../database/database.js';
import { inPeriod } from '../in-period/in-period.js';
import { newId } from '../new-id/new-id.js';
import { inTransaction, type RepositoryContext } from '../repository-context/repository-context.js';
import { TimeRange } from '../time-range/time-range.js';
import { InstantSchema } from '../timestamp/timestamp.js';
import { validateInput } from '../validate-input/validate-input.js';

/** What was opened. */
export const IngestedResource = z.enum(['mailbox', 'calendar']);
export type IngestedResource = z.infer<typeof IngestedResource>;

/** Whether the provider answered the read with the mailbox or calendar. */
export const ReadOutcome = z.enum(['ok', 'failed']);
export type ReadOutcome = z.infer<typeof ReadOutcome>;

export const NewIngestionRead = z
  .strictObject({
    memberId: EntityId,
    resource: IngestedResource,
    /** The kind of read, e.g. `gmail.users.getProfile` or `graph.calendar.events.top1`. */
    readKind: z.string().trim().min(1).max(200),
    /** `failed` when the read was sent but refused or unanswered; default `ok`. */
    outcome: ReadOutcome.default('ok'),
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
  /** Reads per member and period, oldest first (or newest first with `order: 'desc'`). */
  list(companyId: string, filter?: IngestionFilter): Promise<IngestionRead[]>;
}

/**
 * The ingestion_audit table: every mailbox or calendar read the product makes. Append-only.
 * @example await store.ingestionAudit.record('acme', { memberId: 'u1', resource: 'mailbox', readKind: 'gmail.users.getProfile', itemCount: 0 });
 */
export function ingestionAuditRepository(ctx: RepositoryContext): IngestionAuditRepository {
  const { db } = ctx;
  const recordMany = async (companyId: string, reads: readonly NewIngestionRead[]) => {
    const parsed = validateInput(z.array(NewIngestionRead), reads, 'ingestion read');
    await requireCompany(ctx, companyId);
    const now = ctx.now();
    const rows: IngestionAuditTable[] = parsed.map((read) => ({
      id: newId(),
      company_id: companyId,
      member_id: read.memberId,
      resource: read.resource,
      read_kind: read.readKind,
      outcome: read.outcome,
      error_code: read.errorCode,
      item_count: read.itemCount,
      at: read.at ?? now,
      credential_id: read.credentialId,
    }));
    await inTransaction(db, async (trx) => {
      for (const row of rows) await trx.insertInto('ingestion_audit').values(row).execute();
    });
    return rows.map(toRead);
  };
  return {
    async record(companyId, read) {
      const [stored] = await recordMany(companyId, [
        validateInput(NewIngestionRead, read, 'ingestion read'),
      ]);
      return stored!;
    },
    recordMany,
    async list(companyId, filter = {}) {
      const f = validateInput(IngestionFilter, filter, 'ingestion filter');
      let query = db.selectFrom('ingestion_audit').selectAll().where('company_id', '=', companyId);
      if (f.memberId !== undefined) query = query.where('member_id', '=', f.memberId);
      if (f.resource !== undefined) query = query.where('resource', '=', f.resource);
      if (f.outcome !== undefined) query = query.where('outcome', '=', f.outcome);
      const rows = await inPeriod(query, f).execute();
      return rows.map(toRead);
    },
  };
}

function toRead(row: IngestionAuditTable): IngestionRead {
  return {
    id: row.id,
    companyId: row.company_id,
    memberId: row.member_id,
    resource: IngestedResource.parse(row.resource),
    readKind: row.read_kind,
    outcome: ReadOutcome.parse(row.outcome),
    errorCode: row.error_code,
    itemCount: Number(row.item_count),
    at: row.at,
    credentialId: row.credential_id,
  };
}
