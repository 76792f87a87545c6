/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { CsrfField } from '../csrf-field/csrf-field.js';
import { Layout } from '../layout/layout.js';
import { screenText } from '../screen-text/screen-text.js';

/**
 * The sign-in form: an API key, exchanged for a server-side session.
 * @example <SignInView error="That API key was not accepted." />
 */
export function SignInView(props: { error?: string; csrfToken?: string }) {
  return (
    <Layout title={screenText('sign-in')} signedIn={false}>
      <form class="signin" method="post" action="/sign-in">
        <CsrfField token={props.csrfToken} />
        <h1>{screenText('sign-in')}</h1>
        <p class="sub">{screenText('sign-in-help')}</p>
        {props.error ? <p class="error">{props.error}</p> : null}
        <label for="key">{screenText('sign-in-key')}</label>
        <input id="key" name="key" type="password" autocomplete="off" required />
        <button class="btn" type="submit">
          {screenText('sign-in')}
        </button>
      </form>
    </Layout>
  );
}
