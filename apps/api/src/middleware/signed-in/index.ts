import type { ApiKeyRole, Store } from '@capture-doctor/store';
import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../../api-env/api-env.js';
import { noticeText } from '../../notices/notices.js';

/** What a screen route asks of the person signed in. */
export interface SignedInOptions {
  /** where a refusal is kept for the team page: the session's one-time notice */
  store: Pick<Store, 'sessions'>;
  /** the roles allowed; default every role */
  roles?: readonly ApiKeyRole[];
  /** the notice shown on the team page to a role that is not allowed */
  refusal?: string;
}

/**
 * Lets a screen route run only in a live session (loaded by `loadSession`; else to /sign-in)
 * of an allowed role (else back to the team page with the refusal as its notice); the route
 * then reads the caller as `c.get('principal')`.
 * @example app.post('/team/sync', signedIn({ store, roles: ['admin'], refusal: noticeText('only-admin-syncs') }), handler)
 */
export function signedIn(options: SignedInOptions): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const session = c.get('session');
    if (!session) return c.redirect('/sign-in', 303);
    if (options.roles && !options.roles.includes(session.role)) {
      await options.store.sessions.setFlash(
        session.id,
        options.refusal ?? noticeText('role-refused'),
      );
      return c.redirect('/team', 303);
    }
    c.set('principal', { keyId: session.keyId, companyId: session.companyId, role: session.role });
    await next();
  };
}
