import type { ApiKeyRole, VerifiedApiKey } from '@capture-doctor/store';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ApiEnv } from '../../api-env/api-env.js';

/** The cookie that keeps the API key a person signed in with on the screens. */
export const SESSION_COOKIE = 'cd_key';

/** What a screen route asks of the person signed in. */
export interface SignedInOptions {
  /** checks the key in the cookie: whose it is, or null when unknown or revoked */
  verify: (key: string) => Promise<VerifiedApiKey | null>;
  /** the roles allowed; default every role */
  roles?: readonly ApiKeyRole[];
  /** the notice shown on the team page to a role that is not allowed */
  refusal?: string;
}

/**
 * Lets a screen route run only for a person signed in with a valid key (else to /sign-in) of
 * an allowed role (else back to the team page with the refusal as its notice); the route then
 * reads the caller as `c.get('principal')`.
 * @example app.post('/team/sync', signedIn({ verify, roles: ['admin'], refusal: 'Only an admin can start a sync' }), handler)
 */
export function signedIn(options: SignedInOptions): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const key = getCookie(c, SESSION_COOKIE);
    const principal = key ? await options.verify(key) : null;
    if (!principal) return c.redirect('/sign-in', 303);
    if (options.roles && !options.roles.includes(principal.role)) {
      const notice = options.refusal ?? 'Your role cannot do this';
      return c.redirect(`/team?notice=${encodeURIComponent(notice)}`, 303);
    }
    c.set('principal', principal);
    await next();
  };
}
