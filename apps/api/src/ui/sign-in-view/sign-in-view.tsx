/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Layout } from '../layout/layout.js';

/**
 * The sign-in form: an API key, kept in a secure cookie for this browser only.
 * @example <SignInView error="That API key was not accepted." />
 */
export function SignInView(props: { error?: string }) {
  return (
    <Layout title="Sign in" signedIn={false}>
      <form class="signin" method="post" action="/sign-in">
        <h1>Sign in</h1>
        <p class="sub">
          Use the API key of your company. It is kept in a secure cookie for this browser only.
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
