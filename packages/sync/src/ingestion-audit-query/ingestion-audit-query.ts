import type { IngestionRead, Store } from '@capture-doctor/store';
import { z } from 'zod';
import { SyncError } from '../sync-error/sync-error.js';

/**
 * An ingestion audit query as it comes from a URL: a member, a resource, an outcome and a period
 * (`from` inclusive, `to` exclusive), numbers given as text.
 */
export const IngestionAuditQuerySchema = z.strictObject({
  memberId: z.string().min(1).max(128).optional(),
  resource: z.enum(['mailbox', 'calendar']).optional(),
  /**
   * `failed`: only the reads that were sent but refused or unanswered; `started`: reads in flight;
   * `interrupted`: reads whose sync died before the answer came (the provider may have served them).
   */
  outcome: z.enum(['ok', 'failed', 'started', 'interrupted']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  order: z.enum(['asc', 'desc']).default('asc'),
  /** Only reads past this `[at, id]` in the chosen order: the key of a page's last read. */
  after: z.tuple([z.string(), z.string()]).optional(),
});
export type IngestionAuditQuery = z.input<typeof IngestionAuditQuerySchema>;

/**
 * The mailbox and calendar reads made for a company, per member and per period: what an admin or
 * a compliance officer asks of the audit trail. Bad input names the parameter at fault.
 * @example await queryIngestionAudit(store, 'acme', { memberId: 'u1', from: '2026-01-01T00:00:00Z' })
 */
export async function queryIngestionAudit(
  store: Store,
  companyId: string,
  query: IngestionAuditQuery | Record<string, unknown> = {},
): Promise<IngestionRead[]> {
  const parsed = IngestionAuditQuerySchema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'query';
    throw new SyncError(
      'invalid_configuration',
      `invalid ingestion audit query: ${field}: ${issue?.message ?? 'invalid value'}`,
      field,
    );
  }
  const { from, to, ...rest } = parsed.data;
  if (from !== undefined && to !== undefined && Date.parse(from) >= Date.parse(to)) {
    throw new SyncError(
      'invalid_configuration',
      'invalid ingestion audit query: from must be before to',
      'from',
    );
  }
  if ((await store.companies.get(companyId)) === null)
    throw new SyncError('not_found', `company "${companyId}" does not exist`, 'companyId');
  return store.ingestionAudit.list(companyId, {
    ...rest,
    ...(from === undefined ? {} : { from: new Date(from).toISOString() }),
    ...(to === undefined ? {} : { to: new Date(to).toISOString() }),
  });
}
