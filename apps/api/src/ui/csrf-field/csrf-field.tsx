/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { CSRF_FIELD } from '../../middleware/csrf/index.js';

/**
 * The hidden field every state-changing form carries: the session's CSRF token.
 * @example <form method="post" action="/team/sync"><CsrfField token={session.csrfToken} />…</form>
 */
export function CsrfField(props: { token: string | undefined }) {
  return props.token ? <input type="hidden" name={CSRF_FIELD} value={props.token} /> : null;
}
