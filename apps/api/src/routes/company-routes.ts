import * as S from '../api-schemas/api-schemas.js';
import type { AppDeps } from '../app-deps/app-deps.js';
import { recordAudit } from '../audit/audit.js';
import { notFound, ProblemError } from '../problem/problem.js';
import { parseWith, readBody } from '../read-body/read-body.js';
import type { RouteRegistry } from '../route-registry/route-registry.js';
import { roles } from '../store-port/store-port.js';

const company = '/v1/companies/{companyId}';

/**
 * Companies, their connection configuration and their snapshots.
 * @example companyRoutes(registry, deps) // GET/PATCH /v1/companies/{companyId}/connection, ...
 */
export function companyRoutes(registry: RouteRegistry, deps: AppDeps): void {
  registry.add(
    {
      method: 'get',
      path: '/v1/companies',
      summary: 'The companies this key can see (its own)',
      tag: 'companies',
      roles,
      response: S.CompanyList,
    },
    async (c) => {
      const found = await deps.store.companies.get(c.get('principal').companyId);
      return c.json({ companies: found ? [found] : [] });
    },
  );

  registry.add(
    {
      method: 'get',
      path: company,
      summary: 'One company',
      tag: 'companies',
      roles,
      response: S.Company,
    },
    async (c) => {
      const found = await deps.store.companies.get(c.req.param('companyId') ?? '');
      if (!found) throw notFound('company', c.req.param('companyId') ?? '');
      return c.json(found);
    },
  );

  registry.add(
    {
      method: 'patch',
      path: company,
      summary: 'Rename the company',
      tag: 'companies',
      roles: ['admin'],
      body: S.CompanyPatch,
      response: S.Company,
    },
    async (c) => {
      const { name } = await readBody(c, S.CompanyPatch);
      const id = c.get('principal').companyId;
      const renamed = await deps.store.companies.rename(id, name);
      await recordAudit(deps, c, 'company.rename', `company:${id}`, { name });
      return c.json(renamed);
    },
  );

  registry.add(
    {
      method: 'get',
      path: `${company}/connection`,
      summary:
        'The provider connection: state and configuration as the connection machine holds them',
      tag: 'connection',
      roles,
    },
    async (c) => {
      const id = c.get('principal').companyId;
      const view = deps.connection.view(await deps.store.connection.load(id));
      return c.json({ ...view, credentials: await deps.store.connection.credentialKinds(id) });
    },
  );

  registry.add(
    {
      method: 'patch',
      path: `${company}/connection`,
      summary:
        'Change the connection by sending one event to the connection machine; a refused change answers 409 with its reason code',
      tag: 'connection',
      roles: ['admin'],
      body: deps.connection.eventSchema,
      refusals: [409],
    },
    async (c) => {
      const event = await readBody(c, deps.connection.eventSchema);
      const id = c.get('principal').companyId;
      const outcome = deps.connection.send(id, await deps.store.connection.load(id), event);
      if (!outcome.ok) {
        throw new ProblemError(
          409,
          'connection-change-refused',
          'Change refused',
          outcome.message,
          {
            code: outcome.code,
            field: 'type',
          },
        );
      }
      await deps.store.connection.save(id, outcome.persisted);
      await deps.store.connection.recordTenant(id, outcome.tenant);
      await recordAudit(deps, c, 'connection.change', `company:${id}`, {
        event: eventType(event),
        state: outcome.view.state,
      });
      return c.json({
        ...outcome.view,
        credentials: await deps.store.connection.credentialKinds(id),
      });
    },
  );

  registry.add(
    {
      method: 'put',
      path: `${company}/connection/credentials`,
      summary: 'Store a provider secret, encrypted at rest; it is never returned',
      tag: 'connection',
      roles: ['admin'],
      body: S.CredentialBody,
      response: S.CredentialKinds,
      refusals: [409],
    },
    async (c) => {
      const credential = await readBody(c, S.CredentialBody);
      const id = c.get('principal').companyId;
      const saved = await deps.store.connection.saveCredential(id, credential);
      if (!saved) {
        throw new ProblemError(
          409,
          'not-connected',
          'No connection yet',
          'connect a provider tenant before storing its credentials',
          {
            code: 'not_connected',
          },
        );
      }
      await recordAudit(deps, c, 'connection.credential.save', `company:${id}`, {
        kind: credential.kind,
      });
      return c.json(saved);
    },
  );

  registry.add(
    {
      method: 'post',
      path: `${company}/snapshots`,
      summary: 'Store a CaptureSnapshot of this company',
      tag: 'snapshots',
      roles: ['admin'],
      body: S.CaptureSnapshot,
      response: S.SnapshotStored,
      status: 201,
    },
    async (c) => {
      const snapshot = await readBody(c, S.CaptureSnapshot);
      const id = c.get('principal').companyId;
      if (snapshot.company.id !== id) {
        parseWith(S.CompanyIdMatch(id), snapshot, 'body');
      }
      const stored = await deps.store.snapshots.add(id, snapshot);
      deps.cache.forget(id);
      await recordAudit(deps, c, 'snapshot.store', `snapshot:${stored.id}`, {
        members: snapshot.members.length,
      });
      return c.json(
        { id: stored.id, takenAt: stored.takenAt, members: snapshot.members.length },
        201,
      );
    },
  );
}

function eventType(event: unknown): string {
  return typeof event === 'object' && event !== null && 'type' in event
    ? String(event.type)
    : 'unknown';
}
