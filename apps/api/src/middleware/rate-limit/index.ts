import type { Context, MiddlewareHandler } from 'hono';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { ApiEnv } from '../../api-env/api-env.js';
import { keyDigest } from '../../auth/auth.js';
import { ProblemError, problemResponse } from '../../problem/problem.js';
import { clientAddress, type TrustProxy } from '../../trust-proxy/trust-proxy.js';

/** How many failed authentications a client address may make, and how fast they are forgiven. */
export interface RateLimitOptions {
  trust: TrustProxy;
  /** failures allowed per window and address; default 20 */
  failures?: number;
  /** the window, in seconds, after which an address's failures are forgotten; default 60 */
  windowSeconds?: number;
  /** how long a key that worked may pass an exhausted bucket, in ms; default one hour */
  rememberGoodMs?: number;
  now?: () => number;
}

const REMEMBER_AT_MOST = 10_000;
const bearer = /^Bearer +(\S{1,300})$/i;

/**
 * Limits failed authentications (answers 401: a wrong API key, a wrong sign-in) per client
 * address; past the limit the address gets 429 with `Retry-After` before its key is checked.
 * A valid key is never slowed: only failures spend the bucket, and a key that has worked
 * recently (remembered by its SHA-256, in memory) passes an exhausted bucket after one hash,
 * without a database read, to be checked as usual. Any other key from an exhausted address is
 * refused unchecked: checking it would keep answering a guesser at full speed.
 * @example app.use('/v1/*', rateLimitFailures({ trust }))
 */
export function rateLimitFailures(options: RateLimitOptions): MiddlewareHandler<ApiEnv> {
  const windowSeconds = options.windowSeconds ?? 60;
  const limiter = new RateLimiterMemory({
    points: options.failures ?? 20,
    duration: windowSeconds,
  });
  const now = options.now ?? Date.now;
  const rememberMs = options.rememberGoodMs ?? 60 * 60 * 1000;
  const good = new Map<string, number>();
  const workedRecently = (digest: string | null) =>
    digest !== null && (good.get(digest) ?? 0) > now();
  // No bucket outlives the window of the last failure (by the limiter's own clock): until then
  // no address can be over its limit, and a request need not look its address's bucket up.
  let failuresForgottenAt = 0;

  return async (c, next) => {
    if (Date.now() < failuresForgottenAt) {
      const refused = await refuseExhausted(c);
      if (refused) return refused;
    }
    await next();
    if (c.res.status === 401) {
      await limiter.penalty(clientAddress(c, options.trust), 1);
      failuresForgottenAt = Math.max(failuresForgottenAt, Date.now() + windowSeconds * 1000);
      return;
    }
    if (c.get('principal') === undefined) return;
    // The route guard hashed the key already; a sign-in form's key is hashed here.
    const digest = c.get('keyDigest') ?? (await credentialDigest(c));
    if (digest === null) return;
    if (good.size >= REMEMBER_AT_MOST) good.clear();
    good.set(digest, now() + rememberMs);
  };

  async function refuseExhausted(c: Context<ApiEnv>): Promise<Response | null> {
    const bucket = await limiter.get(clientAddress(c, options.trust));
    if (bucket === null || bucket.remainingPoints > 0) return null;
    if (workedRecently(await credentialDigest(c))) return null;
    const retryAfter = Math.max(1, Math.ceil(bucket.msBeforeNext / 1000));
    const res = problemResponse(c, tooMany(retryAfter));
    res.headers.set('retry-after', String(retryAfter));
    return res;
  }
}

/** The SHA-256 of the key presented: a Bearer header, or the sign-in form's `key`. */
async function credentialDigest(c: Context<ApiEnv>): Promise<string | null> {
  const header = c.req.header('authorization');
  let key = header ? bearer.exec(header.trim())?.[1] : undefined;
  if (key === undefined && c.req.method === 'POST' && c.req.path === '/sign-in') {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    key = typeof form.key === 'string' ? form.key.trim() : undefined;
  }
  return key ? keyDigest(key) : null;
}

function tooMany(retryAfterSeconds: number): ProblemError {
  return new ProblemError(
    429,
    'too-many-failures',
    'Too many failed sign-ins',
    `too many failed authentications from this address: try again in ${retryAfterSeconds} s`,
  );
}
