import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ApiEnv } from '../api-env/api-env.js';
import type { AppDeps } from '../app-deps/app-deps.js';
import { rememberedKeys, routeGuard } from '../auth/auth.js';
import { docsFile } from '../docs-static/docs-static.js';
import { loggedPath, logSafe } from '../log-safe/log-safe.js';
import { csrf } from '../middleware/csrf/index.js';
import { type RateLimitOptions, rateLimitFailures } from '../middleware/rate-limit/index.js';
import { NO_SCRIPT, SCREEN_SCRIPT, securityHeaders } from '../middleware/security-headers/index.js';
import { loadSession } from '../middleware/session/index.js';
import { openApiDocument } from '../openapi/openapi.js';
import { referenceRoutes } from '../openapi/reference-page.js';
import { ProblemError, problemResponse } from '../problem/problem.js';
import { createRouteRegistry } from '../route-registry/route-registry.js';
import { alertRoutes } from '../routes/alert-routes.js';
import { apiKeyRoutes } from '../routes/api-key-routes.js';
import { companyRoutes } from '../routes/company-routes.js';
import { consentRoutes } from '../routes/consent-routes.js';
import { evaluationRoutes } from '../routes/evaluation-routes.js';
import { meetingRoutes } from '../routes/meeting-routes.js';
import { memberCareRoutes } from '../routes/member-care-routes.js';
import { publicRoutes } from '../routes/public-routes.js';
import { syncRoutes } from '../routes/sync-routes.js';
import { syncScheduleRoutes } from '../routes/sync-schedule-routes.js';
import { storeProblem } from '../store-problem/store-problem.js';
import { type TrustProxy, trustNoProxy } from '../trust-proxy/trust-proxy.js';
import { acknowledgementScreenRoutes } from '../ui/acknowledgement-screen/acknowledgement-screen-routes.js';
import { changesScreenRoutes } from '../ui/changes-screen/changes-screen-routes.js';
import { connectionScreenRoutes } from '../ui/connection-screen/connection-screen-routes.js';
import { consentPageRoutes } from '../ui/consent-page-routes/consent-page-routes.js';
import { consentScreenRoutes } from '../ui/consent-screen-routes/consent-screen-routes.js';
import { meetingScreenRoutes } from '../ui/meeting-screen-routes/meeting-screen-routes.js';
import { meetingsPageRoutes } from '../ui/meetings-page-routes/meetings-page-routes.js';
import { reminderScreenRoutes } from '../ui/reminder-screen/reminder-screen-routes.js';
import { teamPageRoutes } from '../ui/team-page-routes/team-page-routes.js';

/** Options of the HTTP app beyond its dependencies. */
export interface AppOptions {
  /** the largest request body accepted, in bytes (default 8 MiB: a snapshot of ~10,000 members) */
  maxBodyBytes?: number;
  /** the proxies whose forwarded address and scheme are believed; default none */
  trustProxy?: TrustProxy;
  /** failed authentications allowed per client address (default 20 a minute) */
  rateLimit?: Omit<RateLimitOptions, 'trust'>;
}

/**
 * Builds the Hono app: the /v1 API, /openapi.json and /reference, the team-members page and /docs.
 * @example const app = createApp(deps); const res = await app.request('/healthz')
 */
export function createApp(deps: AppDeps, options: AppOptions = {}): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const maxBytes = options.maxBodyBytes ?? 8 * 1024 * 1024;

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    // Only method, path and status: headers and bodies may carry keys and secrets. The path as
    // sent, still encoded: the decoded one let `%0a` start a fake log line.
    deps.log(
      `${c.req.method} ${loggedPath(new URL(c.req.url).pathname)} ${c.res.status} ${(performance.now() - started).toFixed(1)}ms`,
    );
  });
  const limitBody = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ProblemError(
        413,
        'body-too-large',
        'Body too large',
        `the body must not exceed ${maxBytes} bytes`,
        {
          field: '(body)',
        },
      );
    },
  });
  // bodyLimit reads the raw request, which makes @hono/node-server build a full Request object:
  // requests that carry no body skip it, which keeps reads cheap.
  app.use('*', (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next),
  );

  // Sessions before CSRF (which checks their token), both before any route runs.
  const trust = options.trustProxy ?? trustNoProxy;
  app.use('*', loadSession(deps.store));
  app.use('*', csrf({ trust }));
  // One bucket per address for API keys and sign-ins alike.
  const limitFailures = rateLimitFailures({ ...options.rateLimit, trust });
  app.use('/v1/*', limitFailures);
  app.use('/sign-in', limitFailures);

  app.onError((error, c) => {
    if (error instanceof ProblemError) return problemResponse(c, error);
    const refused = storeProblem(error);
    if (refused) return problemResponse(c, refused);
    if (error instanceof HTTPException) {
      return problemResponse(
        c,
        new ProblemError(error.status, 'http-error', 'Request refused', error.message || 'refused'),
      );
    }
    // The name only: a message could quote a request value, and values may be secrets.
    deps.log(
      `internal error on ${c.req.method} ${loggedPath(new URL(c.req.url).pathname)}: ${logSafe(error.name)}`,
    );
    if (process.env.CAPTURE_DOCTOR_DEBUG === '1') console.error(error);
    return problemResponse(
      c,
      new ProblemError(500, 'internal', 'Internal error', 'the request could not be completed'),
    );
  });
  app.notFound((c) =>
    problemResponse(
      c,
      new ProblemError(
        404,
        'not-found',
        'Not found',
        `no route ${c.req.method} ${new URL(c.req.url).pathname}`,
      ),
    ),
  );

  // Every HTML page sends the same security headers; only what each page runs differs. The docs
  // are Starlight's static site, built from the repository: its own inline and bundled scripts.
  // Sign-in runs no script; the signed-in screens run only the service's own page script.
  app.use('/sign-in', securityHeaders(NO_SCRIPT));
  for (const path of ['/team', '/team/*', '/compliance/*', '/meetings'])
    app.use(path, securityHeaders(SCREEN_SCRIPT));
  app.use(
    '/docs/*',
    securityHeaders({
      scripts: "'self' 'unsafe-inline' 'wasm-unsafe-eval'",
      styles: "'self' 'unsafe-inline'",
      connect: "'self'",
    }),
  );

  // One cache of verified keys per app, shared by the guard and the revoke route that empties it.
  const verify = rememberedKeys(deps.store);
  const registry = createRouteRegistry(app, routeGuard(verify));
  publicRoutes(registry, deps);
  companyRoutes(registry, deps);
  apiKeyRoutes(registry, deps, { forgetKeys: verify.forgetAll });
  evaluationRoutes(registry, deps);
  memberCareRoutes(registry, deps);
  consentRoutes(registry, deps);
  syncRoutes(registry, deps);
  syncScheduleRoutes(registry, deps);
  meetingRoutes(registry, deps);
  alertRoutes(registry, deps);
  registry.register();

  const document = openApiDocument(registry.specs);
  app.get('/openapi.json', (c) => c.json(document));
  referenceRoutes(app);

  teamPageRoutes(app, deps, { trust });
  consentPageRoutes(app, deps);
  consentScreenRoutes(app, deps);
  meetingScreenRoutes(app, deps);
  meetingsPageRoutes(app, deps);
  acknowledgementScreenRoutes(app, deps);
  connectionScreenRoutes(app, deps);
  reminderScreenRoutes(app, deps);
  changesScreenRoutes(app, deps);

  app.get('/docs/*', async (c) => {
    if (!deps.docsDir) return c.notFound();
    const file = await docsFile(deps.docsDir, c.req.path.slice('/docs'.length) || '/');
    if (file) return file;
    // A missing docs page gets the docs site's own "not found" page, with its 404 status.
    const missing = await docsFile(deps.docsDir, '/404.html');
    if (!missing) return c.notFound();
    return new Response(missing.body, { status: 404, headers: missing.headers });
  });
  return app;
}
