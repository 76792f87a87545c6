import { createEvaluator, loadCaptureRules } from '@capture-doctor/engine';
import { DATABASE_URL_ENV, openStore, type Store } from '@capture-doctor/store';
import { type BackgroundWork, startBackgroundWork } from '../background-work/background-work.js';
import { createOutboxMailer, createSyncs } from '../background-work/work-deps.js';
import { consentLinksFrom } from '../consent-links/consent-links.js';
import { logSafe } from '../log-safe/log-safe.js';
import { type SmtpConfig, smtpConfigFromEnv } from '../mailer/mailer.js';
import { openSyncQueue, type SyncQueue } from '../sync-queue/sync-queue.js';

/** Options of {@link startWorker}. */
export interface StartWorkerOptions {
  /** the PostgreSQL URL; default CAPTURE_DOCTOR_DATABASE_URL */
  databaseUrl?: string;
  /** credentials key (base64, 32 bytes); default CAPTURE_DOCTOR_ENCRYPTION_KEY */
  encryptionKey?: string;
  /** capture rules folder; default the repository's rules/capture */
  rulesDir?: string;
  /** SMTP for due emails; default from CAPTURE_DOCTOR_SMTP_URL, else the mail drop, else none */
  smtp?: SmtpConfig | null;
  /** without SMTP, a folder that receives each due email as an .eml file */
  mailDir?: string;
  /** syncs this worker runs at once; default 1 */
  syncConcurrency?: number;
  /** seconds before a silent worker's sync job goes to another worker; default 900 */
  syncJobExpireSeconds?: number;
  /** how often the outbox and the schedules are looked at; default 15 s and 30 s */
  outboxIntervalMs?: number;
  scheduleIntervalMs?: number;
  /** the address consent links point at; default CAPTURE_DOCTOR_PUBLIC_URL */
  publicUrl?: string;
  log?: (line: string) => void;
  clock?: () => Date;
}

/** A running worker. */
export interface RunningWorker {
  store: Store;
  /** stops taking work, cancels the syncs under way (the next run resumes them) and closes */
  close(): Promise<void>;
}

/** Why a worker cannot start, said in one sentence for the operator. */
export class WorkerRefusal extends Error {
  override name = 'WorkerRefusal';
}

/**
 * Runs the background work without serving HTTP: the syncs requested through the API (from the
 * PostgreSQL queue), scheduled syncs, due consent notices and outgoing emails. Needs PostgreSQL:
 * on SQLite `serve` does this work itself.
 * @example const worker = await startWorker({ databaseUrl }); await worker.close();
 */
export async function startWorker(options: StartWorkerOptions = {}): Promise<RunningWorker> {
  const write = options.log ?? ((line: string) => console.log(line));
  const log = (line: string) => write(logSafe(line));
  const databaseUrl = options.databaseUrl ?? process.env[DATABASE_URL_ENV];
  if (databaseUrl === undefined || databaseUrl === '') {
    throw new WorkerRefusal(
      `a worker needs PostgreSQL: set ${DATABASE_URL_ENV}=postgres://... (with SQLite, \`serve\` runs the background work itself)`,
    );
  }
  const clock = options.clock ?? (() => new Date());
  const rules = options.rulesDir ? loadCaptureRules(options.rulesDir) : loadCaptureRules();
  const store = await openStore({
    databaseUrl,
    ...(options.encryptionKey ? { encryptionKey: options.encryptionKey } : {}),
    logger: { warn: (message) => log(`warning: ${message}`), info: (message) => log(message) },
    clock,
  });
  const syncs = createSyncs({
    store,
    evaluator: createEvaluator(rules),
    clock,
    log,
    // A worker listens nowhere: links go to the public address, else to a local serve's default.
    consentLinks: consentLinksFrom({
      publicUrl: options.publicUrl,
      fallbackUrl: () => 'http://127.0.0.1:8787',
    }),
    // The `serve` processes drop their copy of the company's latest evaluation.
    onFinished: (status) => {
      void store.changes.publish({ topic: 'latest', companyId: status.companyId }).catch(() => {});
    },
  });
  const smtp = options.smtp === undefined ? smtpConfigFromEnv(process.env) : options.smtp;
  const mailer = createOutboxMailer(store, smtp, options.mailDir);
  let queue: SyncQueue | null = null;
  let work: BackgroundWork | null = null;
  const close = async () => {
    await syncs.close();
    await work?.stop();
    await queue?.close();
    mailer?.close();
    await store.close();
  };
  try {
    queue = await openSyncQueue({
      databaseUrl,
      storeSchema: store.schema ?? 'public',
      log,
      ...(options.syncJobExpireSeconds ? { expireSeconds: options.syncJobExpireSeconds } : {}),
    });
    work = await startBackgroundWork({
      store,
      syncs,
      queue,
      mailer,
      clock,
      log,
      syncConcurrency: options.syncConcurrency ?? 1,
      intervals: {
        ...(options.outboxIntervalMs ? { outbox: options.outboxIntervalMs } : {}),
        ...(options.scheduleIntervalMs ? { 'scheduled-syncs': options.scheduleIntervalMs } : {}),
      },
    });
    await work.tick();
  } catch (error) {
    await close();
    throw error;
  }
  log(`worker: taking syncs from the queue, ${options.syncConcurrency ?? 1} at a time`);
  return { store, close };
}
