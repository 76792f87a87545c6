/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { CsrfField } from '../csrf-field/csrf-field.js';
import { Layout } from '../layout/layout.js';

/**
 * The sign-in form: an API key, exchanged for a server-side session.
 * @example <SignInView error="That API key was not accepted." />
 */
export function SignInView(props: { error?: string; csrfToken?: string }) {
  return (
    <Layout title="Sign in" signedIn={false}>
      <form class="signin" method="post" action="/sign-in">
        <CsrfField token={props.csrfToken} />
        <h1>Sign in</h1>
        <p class="sub">
          Use the API key of your company. This browser keeps only a session, never the key.
        </p>
        {props.error ? <p class="error">{props.error}</p> : null}
        <label for="key">API key</label>
        <input id="key" name="key" type="password" autocomplete="off" required />
        <button class="btn" type="submit">
          Sign in
        </button>
      </form>
    </Layout>
  );
}
