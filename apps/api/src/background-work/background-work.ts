import type { Store } from '@capture-doctor/store';
import { isSyncError, type SyncManager } from '@capture-doctor/sync';
import type { Mailer } from '../mailer/mailer.js';
import { startNoticeScheduler } from '../notice-scheduler/notice-scheduler.js';
import { type RepeatedTask, repeatTask } from '../repeat-task/repeat-task.js';
import { alertSyncNotStarted } from '../services/alerts/alerts-after-sync.js';
import { deliverDueAlerts } from '../services/alerts/deliver-due-alerts.js';
import { startDueSyncs } from '../services/sync-schedule/start-due-syncs.js';
import type { SyncJob, SyncQueue } from '../sync-queue/sync-queue.js';

/** What the background work is done with. */
export interface BackgroundWorkDeps {
  store: Store;
  /** runs syncs in this process (holding each company's lock) */
  syncs: SyncManager;
  /** PostgreSQL: the queue syncs are requested through and taken from; null on SQLite */
  queue: SyncQueue | null;
  /** null: due emails stay in the outbox */
  mailer: Mailer | null;
  clock: () => Date;
  log: (line: string) => void;
  /** how often each task runs */
  intervals?: Partial<Record<BackgroundTaskName, number>>;
  /** syncs this process runs at once from the queue; default 1 */
  syncConcurrency?: number;
}

/** The background tasks, by name. */
export type BackgroundTaskName = 'outbox' | 'scheduled-syncs' | 'alerts';

const DEFAULT_INTERVALS: Record<BackgroundTaskName, number> = {
  outbox: 15_000,
  'scheduled-syncs': 30_000,
  alerts: 10_000,
};

/** Background work under way. */
export interface BackgroundWork {
  /**
   * one pass of every task now (the queue's syncs run on their own); a task that fails is logged
   * and tried again on its timer, as later passes are, so a start never fails for it
   */
  tick(): Promise<void>;
  /** stops the tasks, waiting for what is under way (the queue's owner closes the queue) */
  stop(): Promise<void>;
}

/**
 * Everything that runs without a request, in one list: due consent notices and other outgoing
 * emails, scheduled syncs, and (on PostgreSQL) the syncs requested through the queue. `serve`
 * runs it in-process (always on SQLite; on PostgreSQL unless --no-worker), `capture-doctor
 * worker` runs only this.
 * @example const work = await startBackgroundWork({ store, syncs, queue, mailer, clock, log }); await work.stop();
 */
export async function startBackgroundWork(deps: BackgroundWorkDeps): Promise<BackgroundWork> {
  const every = { ...DEFAULT_INTERVALS, ...deps.intervals };
  const tasks: RepeatedTask<unknown>[] = [];
  const { mailer, queue, store, log } = deps;
  // Without a mailer the outbox keeps every email, notices included, for the API to show.
  if (mailer) {
    tasks.push(startNoticeScheduler({ store, mailer, log, intervalMs: every.outbox }));
  }
  tasks.push(
    repeatTask(
      every['scheduled-syncs'],
      () => startDueSyncs({ store, now: deps.clock(), start: scheduledStart(deps) }),
      (error) => log(`scheduled syncs: a pass failed (${errorName(error)})`),
    ),
  );
  tasks.push(
    repeatTask(
      every.alerts,
      async () => {
        const done = await deliverDueAlerts({ store, now: deps.clock() });
        if (done.delivered + done.retrying + done.failed > 0) {
          log(
            `webhooks: ${done.delivered} delivered, ${done.retrying} to retry, ${done.failed} given up`,
          );
        }
      },
      // The name only: a message could quote a receiver's answer.
      (error) => log(`webhooks: a pass failed (${errorName(error)})`),
    ),
  );
  if (queue) await queue.work(deps.syncConcurrency ?? 1, (job) => runQueuedSync(deps, job));
  return {
    async tick() {
      await Promise.all(tasks.map((task) => task.passNow()));
    },
    async stop() {
      await Promise.all(tasks.map((task) => task.stop()));
    },
  };
}

// On PostgreSQL a due sync joins the queue, for whichever worker is free; on SQLite this process
// runs it.
function scheduledStart(deps: BackgroundWorkDeps): (companyId: string) => Promise<void> {
  return async (companyId) => {
    const actor = 'system:schedule';
    if (deps.queue) {
      await deps.queue.enqueue({ companyId, actor, requestedAt: deps.clock().toISOString() });
      deps.log(`scheduled sync of ${companyId} queued`);
      return;
    }
    const started = await deps.syncs
      .start(companyId, { actor })
      .catch((error: unknown) => notStarted(deps, 'scheduled', companyId, error));
    if (started !== null) deps.log(`scheduled sync of ${companyId} started`);
  };
}

// A job is done once its sync ended, however it ended: a failed sync is stored as failed and
// retried by the next request or schedule, not by the queue. While another process syncs the
// company the job fails, to be retried: if that process dies mid-sync, the retry resumes its run;
// if it finishes, the retry finds a run started since the request and does nothing.
async function runQueuedSync(deps: BackgroundWorkDeps, job: SyncJob): Promise<void> {
  const [last] = await deps.store.syncRuns.list(job.companyId, { limit: 1 });
  if (last !== undefined && last.status === 'completed' && last.startedAt >= job.requestedAt) {
    return;
  }
  // The job's own request time: a cancel asked after it (of its run, whose worker died) ends
  // the run it takes over; one asked before it was for an earlier run, not for this sync.
  const asked = { requestedAt: job.requestedAt };
  const started = await deps.syncs
    .start(job.companyId, job.actor === undefined ? asked : { ...asked, actor: job.actor })
    .catch((error: unknown) => {
      if (isSyncError(error) && error.code === 'conflict') throw error;
      return notStarted(deps, 'queued', job.companyId, error);
    });
  if (started === null) return;
  const ended = await deps.syncs.wait(job.companyId);
  deps.log(`queued sync of ${job.companyId}: ${ended?.phase ?? 'ended'}`);
}

// A sync no one watches that could not start is logged and alerted as failed; one refused
// because another process runs that company's sync is not a failure, nor is a company gone.
async function notStarted(
  deps: BackgroundWorkDeps,
  kind: 'scheduled' | 'queued',
  companyId: string,
  error: unknown,
): Promise<null> {
  const reason = syncErrorText(error);
  deps.log(`${kind} sync of ${companyId} did not start (${reason})`);
  if (isSyncError(error) && (error.code === 'conflict' || error.code === 'not_found')) return null;
  await alertSyncNotStarted(deps.store, companyId, reason, deps.clock()).catch(
    (alertError: unknown) =>
      deps.log(`sync.failed alert for ${companyId} not raised (${errorName(alertError)})`),
  );
  return null;
}

/**
 * What a log line may say of a sync that did not start: a sync error's message (cleared of
 * secrets), of anything else only its name.
 * @example log(`sync did not start (${syncErrorText(error)})`)
 */
export function syncErrorText(error: unknown): string {
  return isSyncError(error) ? error.message : errorName(error);
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'error';
}
