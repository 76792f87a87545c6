import { isSyncError, type SyncError } from '@capture-doctor/sync';
import * as S from '../api-schemas/api-schemas.js';
import type { AppDeps } from '../app-deps/app-deps.js';
import { recordAudit } from '../audit/audit.js';
import { actorOf } from '../auth/auth.js';
import { notFound, ProblemError } from '../problem/problem.js';
import { parseWith } from '../read-body/read-body.js';
import type { RouteRegistry } from '../route-registry/route-registry.js';
import { type IngestionQuery, roles } from '../store-port/store-port.js';

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
    async (c) => {
      const principal = c.get('principal');
      const started = await deps.syncs
        .start(principal.companyId, { actor: actorOf(principal) })
        .catch((error: unknown) => {
          throw isSyncError(error) ? syncProblem(error) : error;
        });
      await recordAudit(deps, c, 'sync.start', `sync-run:${started.runId ?? 'none'}`, {
        resumedFrom: started.resumedFrom,
      });
      return c.json(started, 202);
    },
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
      summary: 'Cancel the running sync; what it read stays saved and the next sync resumes it',
      tag: 'syncs',
      roles: ['admin'],
      response: S.SyncStatus,
      status: 202,
      refusals: [409],
    },
    async (c) => {
      const id = c.get('principal').companyId;
      if (!deps.syncs.cancel(id)) {
        throw new ProblemError(409, 'no-sync-running', 'Nothing to cancel', 'no sync is running', {
          code: 'no_sync_running',
        });
      }
      const status = await deps.syncs.status(id);
      await recordAudit(deps, c, 'sync.cancel.request', `sync-run:${status?.runId ?? 'none'}`);
      return c.json(status, 202);
    },
  );

  registry.add(
    {
      method: 'get',
      path: `${company}/ingestion-audit`,
      summary:
        'The ingestion audit trail: every mailbox and calendar read, by member, resource, outcome and period (from inclusive, to exclusive)',
      tag: 'ingestion audit',
      roles: ['admin', 'compliance'],
      query: S.IngestionAuditQuery,
      response: S.IngestionAudit,
    },
    async (c) => {
      const query = parseWith(S.IngestionAuditQuery, c.req.query(), 'query');
      return c.json({ reads: await reads(deps, c.get('principal').companyId, query) });
    },
  );

  registry.add(
    {
      method: 'get',
      path: `${company}/members/{memberId}/ingestion-audit`,
      summary: "One member's mailbox and calendar reads, by resource, outcome and period",
      tag: 'ingestion audit',
      roles: ['admin', 'compliance'],
      query: S.MemberIngestionAuditQuery,
      response: S.IngestionAudit,
    },
    async (c) => {
      const id = c.get('principal').companyId;
      const memberId = c.req.param('memberId') ?? '';
      const query = parseWith(S.MemberIngestionAuditQuery, c.req.query(), 'query');
      const found = await reads(deps, id, { ...query, memberId });
      // A member is known by the latest evaluation or by reads made of it; nothing else leaks.
      if (found.length === 0 && !(await deps.cache.evaluation(id))?.members.has(memberId))
        throw notFound('member', memberId);
      return c.json({ reads: found });
    },
  );
}

async function reads(deps: AppDeps, companyId: string, query: IngestionQuery) {
  return deps.store.ingestion.reads(companyId, query).catch((error: unknown) => {
    if (isSyncError(error) && error.code === 'invalid_configuration') {
      const field = `query:${error.field ?? 'query'}`;
      throw new ProblemError(400, 'invalid-query', 'Invalid query', error.message, { field });
    }
    throw isSyncError(error) ? syncProblem(error) : error;
  });
}

function noSync(): ProblemError {
  return new ProblemError(404, 'not-found', 'Not found', 'no sync has run for this company yet', {
    field: 'path:companyId',
  });
}

// The sync's messages never hold a secret, so they can be shown as they are.
function syncProblem(error: SyncError): ProblemError {
  const field = error.field === undefined ? {} : { field: error.field };
  switch (error.code) {
    case 'conflict':
      return new ProblemError(409, 'sync-running', 'A sync is already running', error.message, {
        code: 'conflict',
        ...field,
      });
    case 'not_found':
      return new ProblemError(404, 'not-found', 'Not found', error.message, {
        code: 'not_found',
        ...field,
      });
    case 'invalid_configuration':
      return new ProblemError(422, 'sync-configuration', 'Cannot sync', error.message, {
        code: 'invalid_configuration',
        ...field,
      });
    default:
      return new ProblemError(500, 'sync-failed', 'Sync failed', error.message, {
        code: 'failed',
      });
  }
}
