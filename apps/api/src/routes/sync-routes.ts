import { decodeCursor, pageOf } from '@capture-doctor/store';
import { isSyncError, queryIngestionAudit } from '@capture-doctor/sync';
import type { Context } from 'hono';
import type { z } from 'zod';
import * as S from '../api-schemas/api-schemas.js';
import type { AppDeps } from '../app-deps/app-deps.js';
import { recordAudit } from '../audit/audit.js';
import { csvResponse, EXPORT_PAGE_SIZE, exportPages, wantsCsv } from '../csv-export/csv-export.js';
import { notFound, ProblemError } from '../problem/problem.js';
import { parseWith } from '../read-body/read-body.js';
import type { RouteRegistry } from '../route-registry/route-registry.js';
import { roles } from '../route-spec/route-spec.js';
import { cancelSync } from '../services/sync/cancel-sync.js';
import { startSync, syncProblem } from '../services/sync/start-sync.js';

const company = '/v1/companies/{companyId}';

/**
 * Provider syncs (start, progress, cancel) and the ingestion audit trail of their reads.
 * @example syncRoutes(registry, deps) // POST /v1/companies/{companyId}/syncs, ...
 */
export function syncRoutes(registry: RouteRegistry, deps: AppDeps): void {
  registry.add(
    {
      method: 'post',
      path: `${company}/syncs`,
      summary:
        'Start a sync: read the provider directory, probe every member, store the snapshot and its evaluation (in the background)',
      tag: 'syncs',
      roles: ['admin'],
      response: S.SyncStatus,
      status: 202,
      refusals: [409, 422, 500],
    },
    async (c) => c.json(await startSync(deps, c.get('principal')), 202),
  );

  registry.add(
    {
      method: 'get',
      path: `${company}/syncs/current`,
      summary: 'The running sync with its progress, else the last one and how it ended',
      tag: 'syncs',
      roles,
      response: S.SyncStatus,
    },
    async (c) => {
      const status = await deps.syncs.status(c.get('principal').companyId);
      if (status === null) throw noSync();
      return c.json(status);
    },
  );

  registry.add(
    {
      method: 'delete',
      path: `${company}/syncs/current`,
      summary:
        'Cancel the running sync, in whichever process runs it; what it read stays saved and the next sync resumes it',
      tag: 'syncs',
      roles: ['admin'],
      response: S.SyncStatus,
      status: 202,
      refusals: [409],
    },
    async (c) => {
      const status = await cancelSync(deps, c.get('principal').companyId);
      if (status === null) {
        throw new ProblemError(409, 'no-sync-running', 'Nothing to cancel', 'no sync is running', {
          code: 'no_sync_running',
        });
      }
      await recordAudit(
        deps.store,
        c.get('principal'),
        'sync.cancel.request',
        `sync-run:${status?.runId ?? 'none'}`,
      );
      return c.json(status, 202);
    },
  );

  registry.add(
    {
      method: 'get',
      path: `${company}/ingestion-audit`,
      summary:
        'The ingestion audit trail: every mailbox and calendar read, by member, resource, outcome and period (from inclusive, to exclusive). `format=csv` (or `Accept: text/csv`) exports every read matching the filters',
      tag: 'ingestion audit',
      roles: ['admin', 'compliance'],
      query: S.IngestionAuditQuery,
      response: S.IngestionAudit,
      csv: true,
    },
    async (c) => {
      const { format, ...query } = parseWith(S.IngestionAuditQuery, c.req.query(), 'query');
      const companyId = c.get('principal').companyId;
      if (wantsCsv(c, format)) return readsCsv(c, deps, companyId, query);
      return c.json(await reads(deps, companyId, query));
    },
  );

  registry.add(
    {
      method: 'get',
      path: `${company}/members/{memberId}/ingestion-audit`,
      summary:
        "One member's mailbox and calendar reads, by resource, outcome and period. `format=csv` (or `Accept: text/csv`) exports every read matching the filters",
      tag: 'ingestion audit',
      roles: ['admin', 'compliance'],
      query: S.MemberIngestionAuditQuery,
      response: S.IngestionAudit,
      csv: true,
    },
    async (c) => {
      const id = c.get('principal').companyId;
      const memberId = c.req.param('memberId') ?? '';
      const { format, ...query } = parseWith(S.MemberIngestionAuditQuery, c.req.query(), 'query');
      if (wantsCsv(c, format)) return readsCsv(c, deps, id, { ...query, memberId });
      const found = await reads(deps, id, { ...query, memberId });
      // A member is known by the latest evaluation or by reads made of it; nothing else leaks.
      if (
        found.items.length === 0 &&
        query.cursor === undefined &&
        !(await deps.cache.evaluation(id))?.members.has(memberId)
      )
        throw notFound('member', memberId);
      return c.json(found);
    },
  );
}

type ReadsQuery = Omit<z.output<typeof S.IngestionAuditQuery>, 'format'>;

const READ_CSV_COLUMNS = [
  'at',
  'id',
  'member_id',
  'resource',
  'read_kind',
  'outcome',
  'error_code',
  'item_count',
  'credential_id',
];

async function readsCsv(c: Context, deps: AppDeps, companyId: string, query: ReadsQuery) {
  return csvResponse(c, {
    filename: `ingestion-audit-${companyId}.csv`,
    columns: READ_CSV_COLUMNS,
    pages: await exportPages(
      (cursor) =>
        reads(deps, companyId, {
          ...query,
          limit: EXPORT_PAGE_SIZE,
          ...(cursor ? { cursor } : {}),
        }),
      (read) => [
        read.at,
        read.id,
        read.memberId,
        read.resource,
        read.readKind,
        read.outcome,
        read.errorCode ?? '',
        String(read.itemCount),
        read.credentialId ?? '',
      ],
    ),
  });
}

async function reads(deps: AppDeps, companyId: string, query: ReadsQuery) {
  const { cursor, limit, ...filters } = query;
  const defined = Object.fromEntries(
    Object.entries(filters).filter(([, value]) => value !== undefined),
  );
  const after = cursor === undefined ? undefined : decodeCursor(cursor, 2).map(String);
  const paged = { ...defined, limit: limit + 1, ...(after ? { after } : {}) };
  const found = await queryIngestionAudit(deps.store, companyId, paged).catch((error: unknown) => {
    if (isSyncError(error) && error.code === 'invalid_configuration') {
      const field = `query:${error.field ?? 'query'}`;
      throw new ProblemError(400, 'invalid-query', 'Invalid query', error.message, { field });
    }
    throw isSyncError(error) ? syncProblem(error) : error;
  });
  const page = pageOf(found, limit, (read) => [read.at, read.id]);
  return { ...page, items: page.items.map(({ companyId: _company, ...read }) => read) };
}

function noSync(): ProblemError {
  return new ProblemError(404, 'not-found', 'Not found', 'no sync has run for this company yet', {
    field: 'path:companyId',
  });
}
