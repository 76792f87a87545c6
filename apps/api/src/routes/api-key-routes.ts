import * as S from '../api-schemas/api-schemas.js';
import type { AppDeps } from '../app-deps/app-deps.js';
import { recordAudit } from '../audit/audit.js';
import { readBody } from '../read-body/read-body.js';
import type { RouteRegistry } from '../route-registry/route-registry.js';
import { foundOr404 } from '../store-problem/store-problem.js';

const company = '/v1/companies/{companyId}';

/** What the API key routes need beyond the app's dependencies. */
export interface ApiKeyRouteOptions {
  /** drops every key the guard remembers, so a revoked key is refused on the next request */
  forgetKeys: () => void;
}

/**
 * Creating, listing and revoking a company's API keys; admin keys only.
 * @example apiKeyRoutes(registry, deps, { forgetKeys: verify.forgetAll }) // POST /v1/companies/{companyId}/api-keys, ...
 */
export function apiKeyRoutes(
  registry: RouteRegistry,
  deps: AppDeps,
  options: ApiKeyRouteOptions,
): void {
  registry.add(
    {
      method: 'post',
      path: `${company}/api-keys`,
      summary: 'Make an API key for the company; the key is in this answer only, so keep it now',
      tag: 'api-keys',
      roles: ['admin'],
      body: S.ApiKeyBody,
      response: S.ApiKeyCreated,
      status: 201,
    },
    async (c) => {
      const body = await readBody(c, S.ApiKeyBody);
      const { companyId } = c.get('principal');
      const { key, info } = await deps.store.apiKeys.create(companyId, body);
      // The audit log names the new key by its id; the key itself goes to the caller only.
      await recordAudit(deps.store, c.get('principal'), 'api-key.create', `api-key:${info.id}`, {
        role: info.role,
        name: info.name,
      });
      return c.json({ key, info }, 201);
    },
  );

  registry.add(
    {
      method: 'get',
      path: `${company}/api-keys`,
      summary: 'The company’s API keys, revoked ones included; never a key itself',
      tag: 'api-keys',
      roles: ['admin'],
      response: S.ApiKeyList,
    },
    async (c) => c.json({ keys: await deps.store.apiKeys.list(c.get('principal').companyId) }),
  );

  registry.add(
    {
      method: 'delete',
      path: `${company}/api-keys/{keyId}`,
      summary:
        'Revoke an API key: refused from the next request on, even the key making this request',
      tag: 'api-keys',
      roles: ['admin'],
      response: S.ApiKeyInfo,
    },
    async (c) => {
      const { companyId } = c.get('principal');
      const keyId = c.req.param('keyId') ?? '';
      const revoked = await foundOr404(deps.store.apiKeys.revoke(companyId, keyId), 'key', keyId);
      options.forgetKeys();
      await recordAudit(deps.store, c.get('principal'), 'api-key.revoke', `api-key:${keyId}`, {
        role: revoked.role,
        name: revoked.name,
      });
      return c.json(revoked);
    },
  );
}
