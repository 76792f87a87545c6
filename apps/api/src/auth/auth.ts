// @internal: a part of the API's own wiring, not used outside apps/api.
import type { Context } from 'hono';
import type { ApiEnv } from '../api-env/api-env.js';
import { notFound, ProblemError } from '../problem/problem.js';
import type { RouteSpec } from '../route-registry/route-registry.js';
import type { ApiKeyPrincipal, ApiStore } from '../store-port/store-port.js';

const bearer = /^Bearer ([A-Za-z0-9._~+/=-]{8,200})$/;

/**
 * Reads `Authorization: Bearer <key>` and asks the store whether the key is valid.
 * @example const principal = await authenticate(c.req.header('authorization'), store)
 */
export async function authenticate(
  header: string | undefined,
  store: ApiStore,
): Promise<ApiKeyPrincipal> {
  const match = header ? bearer.exec(header.trim()) : null;
  if (!match?.[1]) {
    throw new ProblemError(
      401,
      'unauthorized',
      'API key required',
      'send an API key as "Authorization: Bearer <key>"',
      { field: 'header:authorization' },
    );
  }
  const principal = await store.apiKeys.verify(match[1]);
  if (!principal) {
    throw new ProblemError(
      401,
      'unauthorized',
      'API key not accepted',
      'the API key is unknown or revoked',
      {
        field: 'header:authorization',
      },
    );
  }
  return principal;
}

/**
 * The guard every route runs: authenticate, hide other companies behind 404, then check the role.
 * @example registry = createRouteRegistry(app, routeGuard(store))
 */
export function routeGuard(store: ApiStore) {
  return async (c: Context<ApiEnv>, spec: RouteSpec): Promise<void> => {
    if (!spec.roles) return;
    const principal = await authenticate(c.req.header('authorization'), store);
    c.set('principal', principal);
    const companyId = c.req.param('companyId');
    // A key never learns whether another company's id exists: same answer as an unknown id.
    if (companyId !== undefined && companyId !== principal.companyId)
      throw notFound('company', companyId);
    if (!spec.roles.includes(principal.role)) {
      throw new ProblemError(
        403,
        'forbidden',
        'Role not allowed',
        `this action needs the role ${spec.roles.join(' or ')}; the key has the role ${principal.role}`,
        { field: 'header:authorization' },
      );
    }
  };
}

/**
 * How the audit log names the caller: role and key id, never the key itself.
 * @example actorOf(principal) // "admin:key_3f2a"
 */
export function actorOf(principal: ApiKeyPrincipal): string {
  return `${principal.role}:${principal.keyId}`;
}
