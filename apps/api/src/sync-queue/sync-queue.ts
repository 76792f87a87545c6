import PgBoss from 'pg-boss';
import { z } from 'zod';

/** What a queued sync carries. */
const SyncJob = z.object({
  companyId: z.string(),
  actor: z.string().optional(),
  /** when it was asked for: a run started since then already did what it asks */
  requestedAt: z.string(),
});
export type SyncJob = z.infer<typeof SyncJob>;

/** Options of {@link openSyncQueue}. */
export interface SyncQueueOptions {
  /** the store's PostgreSQL URL */
  databaseUrl: string;
  /** the store's schema; the queue keeps its own tables in a schema beside it */
  storeSchema: string;
  /**
   * a job whose worker went silent this long (killed, say) is handed to another worker; the
   * company's lock keeps a slow but living one from being doubled. Default
   * CAPTURE_DOCTOR_SYNC_JOB_EXPIRE_SECONDS, else 15 minutes: every process on the database must
   * agree, as the last one started sets it for all.
   */
  expireSeconds?: number;
  log: (line: string) => void;
}

/** The syncs waiting for a worker, kept in PostgreSQL by pg-boss. */
export interface SyncQueue {
  /** Queues a sync of the company; false when one is already waiting. */
  enqueue(job: SyncJob): Promise<boolean>;
  /**
   * Takes jobs one at a time in each of `concurrency` loops until closed; `run` failing retries
   * the job a little later, as long as it keeps failing (a company's lock held elsewhere, say).
   */
  work(concurrency: number, run: (job: SyncJob) => Promise<void>): Promise<void>;
  /** Stops taking jobs, waits for those under way, and closes the queue's connections. */
  close(): Promise<void>;
}

const QUEUE = 'company-sync';
const DEFAULT_EXPIRE_SECONDS = 15 * 60;
const EXPIRE_ENV = 'CAPTURE_DOCTOR_SYNC_JOB_EXPIRE_SECONDS';

/**
 * The queue's schema for a store schema: pg-boss's own name beside `public`, else one per
 * store schema, so that test servers in schemas of their own never share jobs.
 * @example queueSchema('public') // 'pgboss'
 */
export function queueSchema(storeSchema: string): string {
  return storeSchema === 'public' ? 'pgboss' : `${storeSchema}_pgboss`.slice(0, 63);
}

/**
 * Opens the sync queue; pg-boss creates and migrates its schema itself, beside the store's.
 * @example const queue = await openSyncQueue({ databaseUrl, storeSchema: store.schema, log }); await queue.enqueue({ companyId: 'acme' });
 */
export async function openSyncQueue(options: SyncQueueOptions): Promise<SyncQueue> {
  const expireInSeconds = options.expireSeconds ?? expireFromEnv(process.env[EXPIRE_ENV]);
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: queueSchema(options.storeSchema),
    max: 4,
    // Expired jobs are found by maintenance: it must look at least as often as they expire.
    maintenanceIntervalSeconds: Math.max(1, Math.min(120, Math.ceil(expireInSeconds / 2))),
  });
  // A dropped connection is retried by pg-boss; the name only, as a message may quote the URL.
  boss.on('error', (error: Error) => options.log(`sync queue: ${error.name}`));
  await boss.start();
  await ensureQueue(boss, {
    name: QUEUE,
    // At most one waiting sync per company: asking again while one waits changes nothing.
    policy: 'short',
    expireInSeconds,
    // A job waits out a living holder of its company's lock, however long its sync takes.
    retryLimit: 100_000,
    retryDelay: Math.min(30, expireInSeconds),
  });
  return {
    async enqueue(job) {
      const id = await boss.send(QUEUE, job, { singletonKey: job.companyId });
      return id !== null;
    },
    async work(concurrency, run) {
      for (let i = 0; i < concurrency; i += 1) {
        await boss.work<SyncJob>(QUEUE, { pollingIntervalSeconds: 1 }, async (jobs) => {
          for (const job of jobs) await run(SyncJob.parse(job.data));
        });
      }
    },
    async close() {
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    },
  };
}

// Processes starting together each try to create the queue: the first one does, the others
// bring its settings to theirs. Two creations at once can also deadlock in PostgreSQL (each
// adds a partition to the job table), and the loser may look before the winner commits: it
// tries again, a few times, after a short wait.
async function ensureQueue(boss: PgBoss, queue: PgBoss.Queue, attemptsLeft = 5): Promise<void> {
  if (!(await boss.getQueue(queue.name))) {
    const created = await boss.createQueue(queue.name, queue).then(
      () => true,
      async (error: unknown) => {
        if (await boss.getQueue(queue.name)) return false;
        if (attemptsLeft <= 1) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 300));
        await ensureQueue(boss, queue, attemptsLeft - 1);
        return true;
      },
    );
    if (created) return;
  }
  await boss.updateQueue(queue.name, queue);
}

function expireFromEnv(setting: string | undefined): number {
  if (setting === undefined || setting === '') return DEFAULT_EXPIRE_SECONDS;
  const seconds = Number(setting);
  if (!Number.isInteger(seconds) || seconds < 1) {
    throw new Error(`${EXPIRE_ENV}: expected a whole number of seconds, not "${setting}"`);
  }
  return seconds;
}
