import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';

/**
 * Answers a full HTML document; the doctype keeps browsers out of quirks mode.
 * @example return htmlPage(c, <SignInView />, 401)
 */
export async function htmlPage(
  c: Context,
  node: JSX.Element,
  status: 200 | 400 | 401 | 403 | 404 | 409 = 200,
): Promise<Response> {
  return c.html(`<!doctype html>${await node.toString()}`, status);
}
