// @internal: a part of the API's own wiring, not used outside apps/api.
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

/** What a page may load and run; every policy forbids framing, base changes and plugins. */
export interface PagePolicy {
  scripts: string;
  styles: string;
  connect: string;
}

/** The team pages run no script at all. */
export const NO_SCRIPT: PagePolicy = {
  scripts: "'none'",
  styles: "'unsafe-inline'",
  connect: "'none'",
};

/** The signed-in screens run the service's own page script, which may call the service. */
export const SCREEN_SCRIPT: PagePolicy = {
  scripts: "'self'",
  styles: "'unsafe-inline'",
  connect: "'self'",
};

/**
 * The headers every HTML page of the service sends (team pages, /reference, /docs): a content
 * security policy that forbids framing (`frame-ancestors 'none'`), `nosniff` and a same-origin
 * referrer. Pages differ only in the scripts, styles and connections they need.
 * @example app.use('/sign-in', securityHeaders(NO_SCRIPT))
 */
export function securityHeaders(policy: PagePolicy): MiddlewareHandler {
  const csp = [
    "default-src 'none'",
    `script-src ${policy.scripts}`,
    `style-src ${policy.styles}`,
    `connect-src ${policy.connect}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  return async (c, next) => {
    await next();
    c.header('content-security-policy', csp);
    c.header('x-content-type-options', 'nosniff');
    c.header('x-frame-options', 'DENY');
    c.header('referrer-policy', 'same-origin');
  };
}

/**
 * The CSP sources that allow exactly the inline scripts of one fixed page, by their SHA-256
 * (`'none'` when the page has none, as every page of the service now).
 * @example scriptHashes('<script>go()</script>') // "'sha256-…'"
 */
export function scriptHashes(html: string): string {
  const hashes = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    (m) =>
      `'sha256-${createHash('sha256')
        .update(m[1] ?? '')
        .digest('base64')}'`,
  );
  return hashes.length ? hashes.join(' ') : "'none'";
}
