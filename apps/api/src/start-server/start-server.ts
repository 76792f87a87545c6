import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEvaluator, loadCaptureRules } from '@capture-doctor/engine';
import { DATABASE_URL_ENV, databaseFileIn, openStore, type Store } from '@capture-doctor/store';
import type { SyncManager } from '@capture-doctor/sync';
import { type ServerType, serve } from '@hono/node-server';
import type { AppDeps } from '../app-deps/app-deps.js';
import {
  type BackgroundWork,
  startBackgroundWork,
  syncErrorText,
} from '../background-work/background-work.js';
import { createOutboxMailer, createSyncs } from '../background-work/work-deps.js';
import { consentLinksFrom } from '../consent-links/consent-links.js';
import { type AppOptions, createApp } from '../create-app/create-app.js';
import { backWithDemoTenant, demoPlatform } from '../demo-backing/demo-backing.js';
import {
  DEMO_COMPANY_ID,
  type DemoKeys,
  demoSnapshots,
  ensureDemoCompany,
} from '../demo-company/demo-company.js';
import { type DemoTenant, startDemoTenant } from '../demo-tenant/demo-tenant.js';
import { createLatestCache } from '../latest-cache/latest-cache.js';
import { logSafe } from '../log-safe/log-safe.js';
import { type SmtpConfig, smtpConfigFromEnv } from '../mailer/mailer.js';
import { queuedSyncs } from '../services/sync/queued-syncs.js';
import { openSyncQueue, type SyncQueue } from '../sync-queue/sync-queue.js';
import { TRUST_PROXY_ENV, trustProxyFrom } from '../trust-proxy/trust-proxy.js';

/** Options of {@link startServer}. */
export interface StartServerOptions {
  /** default 127.0.0.1 */
  host?: string;
  /** default 8787; 0 picks a free port */
  port?: number;
  /** where the SQLite file and its encryption key live (created when missing); default ./data */
  dataDir?: string;
  /**
   * a `postgres://` URL: the data lives in PostgreSQL and no SQLite file is made (the data folder
   * keeps only the key file, when no key is given); default CAPTURE_DOCTOR_DATABASE_URL, else SQLite
   */
  databaseUrl?: string;
  /** the built docs site to serve under /docs; default docs/dist of the repository, when it exists */
  docsDir?: string | null;
  /** capture rules folder; default the repository's rules/capture */
  rulesDir?: string;
  /** SMTP for reminder emails; default from CAPTURE_DOCTOR_SMTP_URL, else none (outbox kept) */
  smtp?: SmtpConfig | null;
  /** without SMTP, a folder that receives each due email as an .eml file (a local mail drop) */
  mailDir?: string;
  /** credentials key (base64, 32 bytes); default CAPTURE_DOCTOR_ENCRYPTION_KEY, else the key file */
  encryptionKey?: string;
  /**
   * create the demo company on first start, and back it with a loopback fake Google Workspace
   * (started for the life of the server); default true
   */
  demo?: boolean;
  /** seed the demo company with a consent policy in force, a jurisdiction map and meetings; default true */
  demoConsent?: boolean;
  /** one line per request and per notice; default console.log */
  log?: (line: string) => void;
  /** largest request body in bytes */
  maxBodyBytes?: number;
  clock?: () => Date;
  /**
   * the proxies in front of the service whose X-Forwarded-* / Forwarded headers are believed:
   * `loopback` and/or addresses, comma-separated; default CAPTURE_DOCTOR_TRUST_PROXY, else none
   */
  trustProxy?: string;
  /** failed authentications allowed per client address; default 20 a minute */
  rateLimit?: AppOptions['rateLimit'];
  /**
   * the service's address as meeting participants reach it, for their consent links; default
   * CAPTURE_DOCTOR_PUBLIC_URL, else the address the server listens on
   */
  publicUrl?: string;
  /** hours a consent link keeps working after its meeting ends; default CAPTURE_DOCTOR_CONSENT_GRACE_HOURS, else 24 */
  consentGraceHours?: number;
  /** how often the scheduler sends the outbox's due emails; default 15 s */
  noticeIntervalMs?: number;
  /**
   * run the background work (syncs, scheduled syncs, due emails) in this process; default true.
   * false (`serve --no-worker`) on PostgreSQL leaves it to `capture-doctor worker` processes and
   * queues the syncs asked for; SQLite has no other process to leave it to and runs it anyway.
   */
  worker?: boolean;
  /** how often each background task runs (the outbox's interval is noticeIntervalMs) */
  scheduleIntervalMs?: number;
  /** PostgreSQL: seconds before a silent worker's sync job goes to another worker; default 900 */
  syncJobExpireSeconds?: number;
}

/** A running server. */
export interface RunningServer {
  url: string;
  port: number;
  /** the keys of the demo company when this start created it, else null */
  demo: DemoKeys | null;
  /** the Hono app, for in-process requests */
  app: ReturnType<typeof createApp>;
  /** the storage the server uses, e.g. for the CLI to create API keys */
  store: Store;
  close(): Promise<void>;
}

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * Migrates the database, creates the demo company on first start, and serves the API, the
 * team-members page and the docs site.
 * @example const server = await startServer({ port: 0, dataDir: tmp }); console.log(server.url, server.demo?.keys.admin)
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const write = options.log ?? ((line: string) => console.log(line));
  // Lines quote values from clients and providers (paths, ids, errors): one line stays one line.
  const log = (line: string) => write(logSafe(line));
  const dataDir = options.dataDir ?? './data';
  const clock = options.clock ?? (() => new Date());
  const rules = options.rulesDir ? loadCaptureRules(options.rulesDir) : loadCaptureRules();
  // A mistyped proxy list must stop the start, not silently trust nobody (or everybody).
  const trustProxy = trustProxyFrom(options.trustProxy ?? process.env[TRUST_PROXY_ENV]);
  const captureEvaluator = createEvaluator(rules);
  const databaseUrl = options.databaseUrl ?? process.env[DATABASE_URL_ENV];
  const store = await openStore({
    file: databaseFileIn(dataDir),
    ...(databaseUrl ? { databaseUrl, keyFile: join(dataDir, 'encryption.key') } : {}),
    ...(options.encryptionKey ? { encryptionKey: options.encryptionKey } : {}),
    logger: { warn: (message) => log(`warning: ${message}`), info: (message) => log(message) },
    clock,
  });
  const smtp = options.smtp === undefined ? smtpConfigFromEnv(process.env) : options.smtp;
  const docsDir = options.docsDir === undefined ? defaultDocsDir() : options.docsDir;
  const cache = createLatestCache(store, captureEvaluator, clock);
  // The address the server will listen on; with port 0 known only once it listens (before any
  // request can need it, but after the demo meetings' links are written).
  let listeningUrl = serverUrl(options.host ?? '127.0.0.1', options.port ?? 8787);
  const consentLinks = consentLinksFrom({
    publicUrl: options.publicUrl,
    graceHours: options.consentGraceHours,
    fallbackUrl: () => listeningUrl,
  });
  const syncs = createSyncs({
    store,
    evaluator: captureEvaluator,
    clock,
    log,
    consentLinks,
    // The sync stored a new evaluation: the member routes must not keep serving the old one.
    onFinished: (status) => cache.forget(status.companyId),
  });
  // SQLite has one process: the background work always runs here.
  const inProcessWork = options.worker !== false || store.dialect === 'sqlite';
  if (options.worker === false && inProcessWork) {
    log('warning: --no-worker needs PostgreSQL; on SQLite this process runs the background work');
  }
  const queue = await openQueue(store, databaseUrl, log, options.syncJobExpireSeconds).catch(
    async (error: unknown) => {
      await store.close();
      throw error;
    },
  );
  let demoTenant: DemoTenant | null = null;
  let work: BackgroundWork | null = null;
  const deps: AppDeps = {
    store,
    rules,
    evaluator: captureEvaluator,
    mailer: createOutboxMailer(store, smtp, options.mailDir),
    cache,
    // Without a worker here, a sync asked for waits in the queue for a worker process.
    syncs: queue && !inProcessWork ? queuedSyncs(queue, syncs, clock) : syncs,
    log,
    clock,
    docsDir,
    consentLinks,
  };
  try {
    // Processes starting together on one database create the demo once: the others wait, then find it.
    const demo =
      options.demo === false
        ? null
        : await store.withLock('demo-company', () =>
            ensureDemoCompany(deps, { consent: options.demoConsent !== false }),
          );
    // Without its fake the demo still has its stored history; the server serves on.
    if (options.demo !== false) {
      demoTenant = await backDemo(store, syncs, log).catch((error: unknown) => {
        log(`warning: the demo's fake provider could not be used (${syncErrorText(error)})`);
        return null;
      });
    }
    const app = createApp(deps, {
      ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
      trustProxy,
    });
    const server = await listen(app.fetch, options.host ?? '127.0.0.1', options.port ?? 8787);
    const port = (server.address() as AddressInfo).port;
    const host = options.host ?? '127.0.0.1';
    const url = serverUrl(host, port);
    listeningUrl = url;
    if (inProcessWork) {
      work = await startBackgroundWork({
        store,
        syncs,
        queue,
        mailer: deps.mailer,
        clock,
        log,
        intervals: {
          ...(options.noticeIntervalMs ? { outbox: options.noticeIntervalMs } : {}),
          ...(options.scheduleIntervalMs ? { 'scheduled-syncs': options.scheduleIntervalMs } : {}),
        },
      });
      await work.tick();
    } else {
      // Only the queue's connections for sending: workers take the jobs.
      log('background work: left to `capture-doctor worker` processes (--no-worker)');
    }
    return {
      url,
      port,
      demo,
      app,
      store,
      async close() {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Keep-alive sockets would otherwise hold close() open.
          if ('closeAllConnections' in server) server.closeAllConnections();
        });
        await syncs.close();
        await work?.stop();
        await queue?.close();
        await demoTenant?.close();
        deps.mailer?.close();
        await store.close();
      },
    };
  } catch (error) {
    await syncs.close();
    await work?.stop();
    await queue?.close();
    await demoTenant?.close();
    deps.mailer?.close();
    await store.close();
    throw error;
  }
}

function serverUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

// The demo's provider is a loopback fake, started again on every start (new port, new secrets);
// the first time, a sync makes the demo's latest evaluation come from the fake's live state.
async function backDemo(
  store: Store,
  syncs: SyncManager,
  log: (line: string) => void,
): Promise<DemoTenant> {
  const tenant = await startDemoTenant();
  try {
    const latest = demoSnapshots().at(-1);
    if (!latest) throw new Error('the demo has no snapshot');
    const outcome = await backWithDemoTenant(store, DEMO_COMPANY_ID, tenant, demoPlatform(latest));
    log(
      `demo company backed by a loopback fake Google Workspace at ${tenant.input.endpoints?.rootUrl ?? ''}`,
    );
    if (outcome === 'connected') {
      // A first sync that cannot run leaves the shipped history as the latest; "Sync now" retries.
      const status = await syncs
        .start(DEMO_COMPANY_ID, { actor: 'system:demo' })
        .then(() => syncs.wait(DEMO_COMPANY_ID))
        .catch((error: unknown) => {
          log(`warning: the demo's first sync did not start (${syncErrorText(error)})`);
          return null;
        });
      if (status) log(`demo company synced: ${status.phase}, ${status.done} members read`);
    }
    return tenant;
  } catch (error) {
    await tenant.close();
    throw error;
  }
}

// PostgreSQL: the queue syncs are asked for through (and, with a worker here, taken from).
async function openQueue(
  store: Store,
  databaseUrl: string | undefined,
  log: (line: string) => void,
  expireSeconds: number | undefined,
): Promise<SyncQueue | null> {
  if (store.schema === null || databaseUrl === undefined) return null;
  return openSyncQueue({
    databaseUrl,
    storeSchema: store.schema,
    log,
    ...(expireSeconds === undefined ? {} : { expireSeconds }),
  });
}

function defaultDocsDir(): string | null {
  const dir = join(repoRoot, 'docs', 'dist');
  return existsSync(dir) ? dir : null;
}

function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  hostname: string,
  port: number,
): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname, port }, () => resolve(server));
    server.once('error', reject);
  });
}

/** What the start-up block says beside the server itself. */
export interface StartupBannerOptions {
  /** where the demo keys were written instead of being printed */
  keysFile?: string;
  /** the company to sign in to (the demo's), when there is one */
  companyId?: string;
  /** the warnings the start-up sync logged, summed up in one line */
  syncWarnings?: number;
}

/**
 * What `capture-doctor serve` prints last, once the server listens: one block with the URL, the
 * company id, the demo keys on the start that created them (they are shown once: only their
 * hashes are stored) or the file that holds them, and one line on the start-up sync's warnings.
 * @example console.log(startupBanner(await startServer(), { companyId: 'demo', syncWarnings: 3 }))
 */
export function startupBanner(
  server: Pick<RunningServer, 'url' | 'demo'>,
  options: StartupBannerOptions = {},
): string {
  const rule = '─'.repeat(72);
  const companyId = server.demo?.companyId ?? options.companyId;
  const lines = [
    rule,
    `capture-doctor is running at ${server.url}`,
    `  team members page   ${server.url}/team`,
    `  API reference       ${server.url}/reference   (OpenAPI: ${server.url}/openapi.json)`,
    `  troubleshooting     ${server.url}/docs/`,
  ];
  if (companyId) lines.push(`  company id          ${companyId}`);
  if (server.demo && options.keysFile) {
    lines.push(
      '',
      `Demo company "${server.demo.companyId}" created. Its API keys, shown only this once, are in`,
      `  ${options.keysFile}   (readable by you only)`,
      'Sign in on the team members page with the admin key.',
    );
  } else if (server.demo) {
    lines.push(
      '',
      `Demo company "${server.demo.companyId}" created. Its API keys are shown only this once:`,
      `  admin       ${server.demo.keys.admin}`,
      `  compliance  ${server.demo.keys.compliance}`,
      `  support     ${server.demo.keys.support}`,
      'Sign in on the team members page with the admin key.',
    );
  } else if (companyId) {
    lines.push(
      '',
      'Keys are shown only on the first start. Lost the admin key? Make a new one:',
      `  pnpm --silent capture-doctor keys create ${companyId} --role admin`,
    );
  }
  if (options.syncWarnings !== undefined) lines.push('', syncWarningsLine(options.syncWarnings));
  lines.push(rule);
  return lines.join('\n');
}

function syncWarningsLine(count: number): string {
  if (count === 0) return 'Start-up sync: no warnings.';
  if (count === 1) {
    return "Start-up sync: 1 warning about a member's mailbox or calendar; the team members page shows it.";
  }
  return `Start-up sync: ${count} warnings about members' mailboxes and calendars; the team members page shows each one.`;
}
