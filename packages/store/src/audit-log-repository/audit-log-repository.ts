import { z } from 'zod';
import { requireCompany } from '../company-repository/company-repository.js';
import type { AuditLogTable } from '../database/database.js';
import { EventFields, eventRow } from '../event-row/event-row.js';
import { insertRow } from '../insert-rows/insert-rows.js';
import { asJson, JsonObject } from '../json-value/json-value.js';
import { inPeriod } from '../paging/in-period.js';
import { readAll } from '../read-rows/read-rows.js';
import type { RepositoryContext } from '../repository-context/repository-context.js';
import { camelRow } from '../row-case/row-case.js';
import { TimeRange } from '../time-range/time-range.js';
import { parseStored, validateInput } from '../validate-input/validate-input.js';

export const NewAuditEntry = z.strictObject({
  /** The company concerned; null for actions outside any company (e.g. a failed sign-in). */
  companyId: z.string().min(1).nullable().default(null),
  /** Who acted, e.g. `api-key:<id>` or `system`. Never a secret. */
  actor: z.string().trim().min(1).max(200),
  /** What was done, e.g. `acknowledgement.create`. */
  action: z.string().trim().min(1).max(100),
  /** What it was done to, e.g. `acknowledgement:<id>`. */
  target: z.string().trim().min(1).max(500),
  ...EventFields,
});
export type NewAuditEntry = z.input<typeof NewAuditEntry>;

export interface AuditEntry {
  id: string;
  companyId: string | null;
  actor: string;
  action: string;
  target: string;
  at: string;
  details: JsonObject;
}

export const AuditFilter = TimeRange.extend({ action: z.string().min(1).optional() });
export type AuditFilter = z.input<typeof AuditFilter>;

export interface AuditLogRepository {
  record(entry: NewAuditEntry): Promise<AuditEntry>;
  /** A company's entries in a period, oldest first (or newest first with `order: 'desc'`). */
  list(companyId: string, filter?: AuditFilter): Promise<AuditEntry[]>;
}

/**
 * The audit_log table: who did what to what, and when. Append-only.
 * @example await store.auditLog.record({ companyId: 'acme', actor: 'api-key:k1', action: 'policy.approve', target: 'policy:3' });
 */
export function auditLogRepository(ctx: RepositoryContext): AuditLogRepository {
  const { db } = ctx;
  return {
    async record(entry) {
      const parsed = validateInput(NewAuditEntry, asJson(entry, 'audit entry'), 'audit entry');
      if (parsed.companyId !== null) await requireCompany(ctx, parsed.companyId);
      const row: AuditLogTable = {
        ...eventRow(parsed.companyId, parsed, ctx.now()),
        details: JSON.stringify(parsed.details),
      };
      return toEntry(await insertRow(db, 'audit_log', row));
    },
    async list(companyId, filter = {}) {
      const f = validateInput(AuditFilter, filter, 'audit filter');
      const query = db.selectFrom('audit_log').selectAll();
      return readAll(inPeriod(query, f, { company_id: companyId, action: f.action }), toEntry);
    },
  };
}

function toEntry(row: AuditLogTable): AuditEntry {
  const details = parseStored(JsonObject, row.details, `audit entry ${row.id}`);
  return { ...camelRow(row), details };
}
