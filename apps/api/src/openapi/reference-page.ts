import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Hono } from 'hono';
import type { ApiEnv } from '../api-env/api-env.js';
import { docsFile } from '../docs-static/docs-static.js';
import { type PagePolicy, securityHeaders } from '../middleware/security-headers/index.js';
import { screenText } from '../ui/screen-text/screen-text.js';

// Swagger UI comes with the package (swagger-ui-dist): the reference works offline, no CDN.
const swaggerUiDir = dirname(
  createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'),
);
const swaggerUiFiles = new Set(['swagger-ui.css', 'swagger-ui-bundle.js']);

/**
 * Starts Swagger UI on /openapi.json. A file of its own, so the page runs no inline script;
 * `queryConfigEnabled: false` keeps `?url=` from pointing the page at another document, and
 * `validatorUrl: null` keeps it from calling the public validator.
 */
const startScript = `SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#reference',
  deepLinking: true,
  queryConfigEnabled: false,
  validatorUrl: null,
  displayRequestDuration: true,
  filter: true,
});
`;

/** Scripts and styles from the service itself only; Swagger UI sets inline styles. */
export const REFERENCE_POLICY: PagePolicy = {
  scripts: "'self'",
  styles: "'self' 'unsafe-inline'",
  connect: "'self'",
};

/**
 * The interactive API reference (Swagger UI) on /openapi.json.
 * @example referencePage().includes('/reference/assets/swagger-ui-bundle.js') // true
 */
export function referencePage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${screenText('reference-title')}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/reference/assets/swagger-ui.css">
</head><body><main id="reference"><h1>${screenText('reference-title')}</h1></main>
<script src="/reference/assets/swagger-ui-bundle.js"></script>
<script src="/reference/assets/reference.js"></script>
</body></html>`;
}

/**
 * Serves /reference and the Swagger UI files it loads, under one strict content security policy.
 * @example referenceRoutes(app)
 */
export function referenceRoutes(app: Hono<ApiEnv>): void {
  const page = referencePage();
  for (const path of ['/reference', '/reference/*'])
    app.use(path, securityHeaders(REFERENCE_POLICY));
  app.get('/reference', (c) => c.html(page));
  // One route for the page's own script and Swagger UI's files: a fixed path beside a parameter
  // would send every request of the app to Hono's slower router (see route-registry).
  app.get('/reference/assets/:file', async (c) => {
    const name = c.req.param('file');
    if (name === 'reference.js') {
      return c.body(startScript, 200, { 'content-type': 'text/javascript; charset=utf-8' });
    }
    const file = swaggerUiFiles.has(name) ? await docsFile(swaggerUiDir, `/${name}`) : null;
    return file ?? c.notFound();
  });
}
