import type { Session, SessionLimits, Store, VerifiedApiKey } from '@capture-doctor/store';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ApiEnv } from '../../api-env/api-env.js';
import { reachedOverHttps, type TrustProxy } from '../../trust-proxy/trust-proxy.js';

/** The cookie that holds a screen session's random id (never the API key). */
export const SESSION_COOKIE = 'cd_session';

/** A live session and the id the browser holds. */
export type ScreenSession = Session & { id: string };

/**
 * Reads the session cookie and, when it names a live session, sets `c.get('session')`; the
 * lookup renews the session's idle expiry.
 * @example app.use('*', loadSession(store))
 */
export function loadSession(store: Pick<Store, 'sessions'>): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const id = getCookie(c, SESSION_COOKIE);
    const session = id ? await store.sessions.find(id) : null;
    c.set('session', session && id ? { ...session, id } : undefined);
    await next();
  };
}

/**
 * Signs the browser in: a new session for the key, its id in an HttpOnly, SameSite=Strict
 * cookie, Secure whenever the request came over https (directly or at a trusted proxy).
 * @example await startSession(c, deps.store, principal, trust)
 */
export async function startSession(
  c: Context<ApiEnv>,
  store: Pick<Store, 'sessions'>,
  key: VerifiedApiKey,
  trust: TrustProxy,
  limits?: SessionLimits,
): Promise<void> {
  const previous = c.get('session');
  // A new sign-in never reuses an id the browser already held (session fixation).
  if (previous) await store.sessions.end(previous.id);
  const { id } = await store.sessions.create(key, limits);
  setCookie(c, SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: reachedOverHttps(c, trust),
    // No Max-Age: the cookie goes with the browser; the store ends the session at its limits.
  });
}

/**
 * Signs the browser out: the session is deleted, so a copy of the cookie no longer works.
 * @example await endSession(c, deps.store)
 */
export async function endSession(
  c: Context<ApiEnv>,
  store: Pick<Store, 'sessions'>,
): Promise<void> {
  const id = getCookie(c, SESSION_COOKIE);
  if (id) await store.sessions.end(id);
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}
