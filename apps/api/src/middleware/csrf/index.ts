import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ApiEnv } from '../../api-env/api-env.js';
import { ProblemError } from '../../problem/problem.js';
import { ownOrigin, type TrustProxy } from '../../trust-proxy/trust-proxy.js';
import { SESSION_COOKIE } from '../session/index.js';

/** The hidden form field (or `X-CSRF-Token` header) that carries the session's CSRF token. */
export const CSRF_FIELD = '_csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// The bodies another site's page can post without a CORS preflight: every HTML form.
const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)\b/i;

/**
 * Refuses a cross-site state change (403, nothing done). A request that changes state and is
 * authenticated by the browser rather than the caller (it carries the session cookie, or it is
 * a form, such as sign-in) must come from the service's own origin (`Origin`, else `Referer`;
 * neither is refused), and within a live session it must echo the session's CSRF token.
 * Calls with `Authorization` are not cookie-authenticated: another site cannot set that header.
 * Runs after `loadSession`.
 * @example app.use('*', loadSession(store), csrf({ trust }))
 */
export function csrf(options: { trust: TrustProxy }): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method) || c.req.header('authorization')) return next();
    const isForm = FORM_TYPES.test(c.req.header('content-type') ?? '');
    const hasCookie = getCookie(c, SESSION_COOKIE) !== undefined;
    if (!isForm && !hasCookie) return next();
    const origin = requestOrigin(c);
    if (origin === null) throw refused('the request names no Origin or Referer');
    if (origin !== ownOrigin(c, options.trust)) throw refused(`the request came from ${origin}`);
    const session = c.get('session');
    if (session && !sameToken(await presentedToken(c, isForm), session.csrfToken)) {
      throw refused('the form does not carry this session’s CSRF token');
    }
    return next();
  };
}

function requestOrigin(c: Context): string | null {
  const origin = c.req.header('origin');
  if (origin && origin !== 'null') return origin;
  const referer = c.req.header('referer');
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}

async function presentedToken(c: Context<ApiEnv>, isForm: boolean): Promise<string> {
  const header = c.req.header('x-csrf-token');
  if (header) return header;
  if (!isForm) return '';
  // Hono keeps the parsed body, so the route reads the same form again for free.
  const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const value = form[CSRF_FIELD];
  return typeof value === 'string' ? value : '';
}

/**
 * Compares a presented token with the expected one in constant time.
 * @example sameToken(form._csrf, session.csrfToken)
 */
export function sameToken(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  // timingSafeEqual needs equal lengths; comparing b with itself keeps the time the same.
  return a.length === b.length ? timingSafeEqual(a, b) : !timingSafeEqual(b, b);
}

function refused(why: string): ProblemError {
  return new ProblemError(403, 'csrf', 'Cross-site request refused', why, {
    field: 'header:origin',
  });
}
