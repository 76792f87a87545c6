import { type RunSyncOptions, runSync, type SyncPhase } from '../run-sync/run-sync.js';
import { isSyncError, SyncError } from '../sync-error/sync-error.js';

/** What the API shows of a company's sync. */
export interface SyncStatus {
  companyId: string;
  runId: string | null;
  phase: SyncPhase;
  done: number;
  total: number | null;
  startedAt: string;
  finishedAt: string | null;
  /** Why it failed, secrets removed. */
  error: string | null;
  snapshotId: string | null;
  evaluationId: string | null;
  /** The run this one resumed, when it did. */
  resumedFrom: string | null;
}

/** Who asked for a sync, and when (see `RunSyncOptions.requestedAt`). */
export interface SyncStartOptions {
  actor?: string;
  requestedAt?: string;
}

/** Starts, follows and cancels syncs, one at a time per company, within this process. */
export interface SyncManager {
  /**
   * Starts (or resumes) a company's sync; resolves once the run exists, before members are read.
   * Rejects with a SyncError: `conflict` when one is running, `not_found`, `invalid_configuration`.
   */
  start(companyId: string, options?: SyncStartOptions): Promise<SyncStatus>;
  /** The sync running or last run in this process, else the last stored run; null when none. */
  status(companyId: string): Promise<SyncStatus | null>;
  /**
   * Asks the company's running sync to stop; false when none runs. With `runId`, only when it
   * works in that run (false otherwise): a notice arriving late must not stop a later run. What
   * was read stays saved.
   */
  cancel(companyId: string, runId?: string): boolean;
  /** Resolves with the final status of the company's current sync (null when none runs). */
  wait(companyId: string): Promise<SyncStatus | null>;
  /** Cancels every sync and waits for them to stop. */
  close(): Promise<void>;
}

export type SyncManagerOptions = Omit<
  RunSyncOptions,
  'companyId' | 'signal' | 'onProgress' | 'onStarted' | 'actor' | 'requestedAt'
> & {
  /** Called once a started sync has ended, however it ended (e.g. to refresh a cache). */
  onFinished?: ((status: SyncStatus) => void) | undefined;
};

interface Job {
  status: SyncStatus;
  controller: AbortController;
  done: Promise<SyncStatus>;
  /** Runs asked to stop while this sync's own run was not known yet. */
  stopWhenRun: Set<string>;
}

/**
 * The registry the API uses to run syncs in the background and report their progress.
 * @example const syncs = createSyncManager({ store }); await syncs.start('acme'); await syncs.status('acme');
 */
export function createSyncManager(options: SyncManagerOptions): SyncManager {
  const { onFinished, ...runOptions } = options;
  // The caller's hook failing must not change how the sync ended: it is logged instead.
  const finished = (status: SyncStatus) => {
    try {
      onFinished?.(status);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      options.log?.({ level: 'warn', event: 'on_finished_failed', detail });
    }
  };
  const jobs = new Map<string, Job>();
  const clock = options.clock ?? (() => new Date());
  const running = (companyId: string) => {
    const job = jobs.get(companyId);
    return job !== undefined && job.status.finishedAt === null ? job : null;
  };
  return {
    start(companyId, startOptions = {}) {
      if (running(companyId) !== null) {
        return Promise.reject(
          new SyncError(
            'conflict',
            `a sync of company "${companyId}" is already running`,
            'companyId',
          ),
        );
      }
      const controller = new AbortController();
      const stopWhenRun = new Set<string>();
      const status: SyncStatus = {
        companyId,
        runId: null,
        phase: 'preparing',
        done: 0,
        total: null,
        startedAt: clock().toISOString(),
        finishedAt: null,
        error: null,
        snapshotId: null,
        evaluationId: null,
        resumedFrom: null,
      };
      return new Promise<SyncStatus>((resolve, reject) => {
        let started = false;
        const done = runSync({
          ...runOptions,
          companyId,
          signal: controller.signal,
          actor: startOptions.actor,
          requestedAt: startOptions.requestedAt,
          onProgress: (event) => {
            status.phase = event.phase;
            status.done = event.done;
            status.total = event.total;
            status.runId = event.runId;
          },
          onStarted: (info) => {
            started = true;
            status.runId = info.runId;
            status.resumedFrom = info.resumedFrom;
            if (stopWhenRun.has(info.runId)) controller.abort();
            resolve({ ...status });
          },
        }).then(
          (outcome) => {
            status.phase = outcome.status;
            status.snapshotId = outcome.snapshotId;
            status.evaluationId = outcome.evaluationId;
            status.finishedAt = clock().toISOString();
            finished({ ...status });
            return { ...status };
          },
          (error: unknown) => {
            status.phase = 'failed';
            status.error = error instanceof Error ? error.message : 'the sync failed';
            status.finishedAt = clock().toISOString();
            if (!started) {
              // Nothing ran: the caller hears why, and the company can start again at once.
              jobs.delete(companyId);
              reject(isSyncError(error) ? error : new SyncError('failed', status.error));
            } else finished({ ...status });
            return { ...status };
          },
        );
        jobs.set(companyId, { status, controller, done, stopWhenRun });
      });
    },
    async status(companyId) {
      const job = jobs.get(companyId);
      if (job !== undefined) return { ...job.status };
      const [run] = await options.store.syncRuns.list(companyId, { limit: 1 });
      if (run === undefined) return null;
      const saved = await options.store.syncRuns.memberResults(run.id);
      return {
        companyId,
        runId: run.id,
        // A run another process left `running` is reported as reading: it resumes when started.
        phase: run.status === 'running' ? 'reading' : run.status,
        done: saved.length,
        total: run.status === 'completed' ? saved.length : null,
        startedAt: run.startedAt,
        finishedAt: run.finishedAt,
        error: run.error,
        snapshotId: null,
        evaluationId: null,
        resumedFrom: null,
      };
    },
    cancel(companyId, runId) {
      const job = running(companyId);
      if (job === null) return false;
      if (runId !== undefined && job.status.runId !== runId) {
        // Its run is still being claimed, and may be that one: it stops once known, if it is.
        if (job.status.runId === null) job.stopWhenRun.add(runId);
        return false;
      }
      job.controller.abort();
      return true;
    },
    async wait(companyId) {
      const job = jobs.get(companyId);
      return job === undefined ? null : job.done;
    },
    async close() {
      for (const job of jobs.values()) job.controller.abort();
      await Promise.all([...jobs.values()].map((job) => job.done));
    },
  };
}
