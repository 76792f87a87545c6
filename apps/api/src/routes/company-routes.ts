import { ConnectionEvent } from '@capture-doctor/machines';
import * as S from '../api-schemas/api-schemas.js';
import type { AppDeps } from '../app-deps/app-deps.js';
import { recordAudit } from '../audit/audit.js';
import { notFound, ProblemError } from '../problem/problem.js';
import { parseWith, readBody } from '../read-body/read-body.js';
import type { RouteRegistry } from '../route-registry/route-registry.js';
import { roles } from '../route-spec/route-spec.js';
import {
  changeConnection,
  connectionView,
  credentialKinds,
  saveCredential,
} from '../services/connection/connection.js';

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
      await recordAudit(deps.store, c.get('principal'), 'company.rename', `company:${id}`, {
        name,
      });
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
      response: S.Connection,
    },
    async (c) => {
      const id = c.get('principal').companyId;
      const view = await connectionView(deps.store, id);
      return c.json({ ...view, credentials: await credentialKinds(deps.store, id) });
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
      body: ConnectionEvent,
      response: S.Connection,
      refusals: [409],
    },
    async (c) => {
      const event = await readBody(c, ConnectionEvent);
      const id = c.get('principal').companyId;
      const outcome = await changeConnection(deps.store, id, event);
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
      await recordAudit(deps.store, c.get('principal'), 'connection.change', `company:${id}`, {
        event: event.type,
        state: outcome.view.state,
      });
      return c.json({
        ...outcome.view,
        credentials: await credentialKinds(deps.store, id),
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
      const saved = await saveCredential(deps.store, id, credential);
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
      await recordAudit(
        deps.store,
        c.get('principal'),
        'connection.credential.save',
        `company:${id}`,
        {
          kind: credential.kind,
        },
      );
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
      const takenAt = stored.takenAt ?? stored.createdAt;
      deps.cache.forget(id);
      await recordAudit(deps.store, c.get('principal'), 'snapshot.store', `snapshot:${stored.id}`, {
        members: snapshot.members.length,
      });
      return c.json({ id: stored.id, takenAt, members: snapshot.members.length }, 201);
    },
  );
}
