/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ApiEnv } from '../../api-env/api-env.js';
import { Layout } from '../layout/layout.js';

/**
 * A full HTML page of the compliance screens for the signed-in caller: the layout, its title
 * as the heading, then the body.
 * @example return sectionPage(c, 'Recording consent', <ConsentView … />)
 */
export async function sectionPage(
  c: Context<ApiEnv>,
  title: string,
  body: JSX.Element,
  status: 200 | 400 | 404 = 200,
): Promise<Response> {
  const principal = c.get('principal');
  const node = (
    <Layout
      title={title}
      signedIn
      who={principal.role}
      role={principal.role}
      active="consent"
      csrfToken={sessionToken(c)}
    >
      <h1>{title}</h1>
      {body}
    </Layout>
  );
  return c.html(`<!doctype html>${await node.toString()}`, status);
}

/**
 * The session's CSRF token, for the forms of a page; empty outside a session.
 * @example <CsrfField token={sessionToken(c)} />
 */
export const sessionToken = (c: Context<ApiEnv>): string => c.get('session')?.csrfToken ?? '';
