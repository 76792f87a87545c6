// @internal: a part of the API's own wiring, not used outside apps/api.
import { hash } from 'node:crypto';
import type { Store, VerifiedApiKey } from '@capture-doctor/store';
import type { Context } from 'hono';
import type { ApiEnv } from '../api-env/api-env.js';
import { notFound, ProblemError } from '../problem/problem.js';
import type { RouteSpec } from '../route-spec/route-spec.js';

// The scheme is case-insensitive (RFC 9110 §11.1): `bearer` and `BEARER` are Bearer too.
const bearer = /^Bearer +([A-Za-z0-9._~+/=-]{8,200})$/i;

/**
 * Says whether an API key is valid, and whose it is; `digest` is the key's {@link keyDigest}
 * when the caller has it already (one hash per request, not one per step that needs it).
 */
export type VerifyKey = (key: string, digest?: string) => Promise<VerifiedApiKey | null>;

/**
 * The SHA-256 of an API key (base64): what the in-memory caches of keys are keyed by, never the
 * key itself.
 * @example keyDigest('cdk_…') // 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg='
 */
export function keyDigest(key: string): string {
  // The one-shot hash: createHash built a Hash object per request on the hottest path.
  return hash('sha256', key, 'base64');
}

/** A VerifyKey that remembers valid keys for a while, and can be told to forget them all. */
export type RememberedKeys = VerifyKey & { forgetAll: () => void };

/**
 * Reads `Authorization: Bearer <key>` and checks the key.
 * @example const principal = await authenticate(c.req.header('authorization'), store.apiKeys.verify)
 */
export async function authenticate(
  header: string | undefined,
  verify: VerifyKey,
): Promise<VerifiedApiKey> {
  return (await authenticateKey(header, verify)).principal;
}

/** As {@link authenticate}, also giving the key's digest, for the steps after it to reuse. */
async function authenticateKey(
  header: string | undefined,
  verify: VerifyKey,
): Promise<{ principal: VerifiedApiKey; digest: string }> {
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
  const digest = keyDigest(match[1]);
  const principal = await verify(match[1], digest);
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
  return { principal, digest };
}

/**
 * The guard every route runs: authenticate, hide other companies behind 404, then check the role.
 * @example registry = createRouteRegistry(app, routeGuard(rememberedKeys(store)))
 */
export function routeGuard(verify: VerifyKey) {
  return async (c: Context<ApiEnv>, spec: RouteSpec): Promise<void> => {
    if (!spec.roles) return;
    const { principal, digest } = await authenticateKey(c.req.header('authorization'), verify);
    c.set('principal', principal);
    // The failure limit remembers keys that worked by this digest: it need not hash the key again.
    c.set('keyDigest', digest);
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
export function actorOf(principal: VerifiedApiKey): string {
  return `${principal.role}:${principal.keyId}`;
}

const REMEMBER_MS = 5_000;
const REMEMBER_AT_MOST = 10_000;

/**
 * Checks keys through the store, remembering a valid key for 5 seconds so that a busy client
 * does not cost a database read per request. Entries are keyed by the key's SHA-256, never the
 * key itself; unknown keys are never remembered. A revoke through this process's API calls
 * `forgetAll`, so the revoked key is refused on the very next request (forgetting every key is
 * simpler than finding one by id, and costs one database read per key in use). `forgetAll` also
 * tells the other processes on the database through the store's change feed, which they hear
 * within moments (PostgreSQL's LISTEN/NOTIFY), so a revoke through one is refused by all.
 * @example const verify = rememberedKeys(store); await verify(key); verify.forgetAll()
 */
export function rememberedKeys(
  store: Pick<Store, 'apiKeys' | 'changes'>,
  now: () => number = Date.now,
): RememberedKeys {
  const remembered = new Map<string, { principal: VerifiedApiKey; until: number }>();
  let generation = 0;
  const verify: VerifyKey = async (key, digest = keyDigest(key)) => {
    const hit = remembered.get(digest);
    if (hit && hit.until > now()) return hit.principal;
    const asked = generation;
    const principal = await store.apiKeys.verify(key);
    if (principal === null) {
      remembered.delete(digest);
      return null;
    }
    if (remembered.size >= REMEMBER_AT_MOST) remembered.clear();
    // A revoke that landed while the store was read may have made this answer stale already.
    if (asked === generation) remembered.set(digest, { principal, until: now() + REMEMBER_MS });
    return principal;
  };
  const forgetHere = () => {
    generation += 1;
    remembered.clear();
  };
  store.changes.subscribe((change) => {
    if (change.topic === 'api_keys' || change.topic === 'everything') forgetHere();
  });
  const forgetAll = () => {
    forgetHere();
    void store.changes.publish({ topic: 'api_keys', companyId: '*' }).catch(() => {});
  };
  return Object.assign(verify, { forgetAll });
}
