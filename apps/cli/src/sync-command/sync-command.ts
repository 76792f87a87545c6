import { parseArgs } from 'node:util';
import type { CalendarJoin } from '@capture-doctor/api';
import { isStoreError, openStore, type Store } from '@capture-doctor/store';
import { type AdapterTuning, isSyncError, runSync, type SyncOutcome } from '@capture-doctor/sync';
import { DEFAULT_PORT } from '../default-port/default-port.js';
import type { CliCommand, CliIo } from '../run-cli/run-cli.js';
import { storeLocation } from '../store-location/store-location.js';
import { progressDisplay } from './progress-bar.js';

/** What `sync` needs of the API package: the step after a sync that `serve` and `worker` take. */
type SyncApi = Pick<
  typeof import('@capture-doctor/api'),
  'consentLinksFrom' | 'joinMeetingsAfterSync'
>;

/** What `sync` needs from outside; injected so tests can press Ctrl+C and pace the provider. */
export interface SyncDeps {
  /** Calls `cancel` when the user presses Ctrl+C (or the process is asked to stop); returns an unsubscribe. */
  onInterrupt: (cancel: () => void) => () => void;
  clock: () => Date;
  tuning: AdapterTuning | undefined;
  api: SyncApi;
}

/**
 * `capture-doctor sync <company-id> [--data ./data]`: reads the company's provider into a
 * snapshot and a report, showing progress; the calendars' meetings then join the consent flow. Ctrl+C stops it cleanly; the next sync resumes.
 * @example await syncCommand()(['acme', '--data', './data'], io)
 */
export function syncCommand(deps: Partial<SyncDeps> = {}): CliCommand {
  return async (args, io) => {
    let options: { companyId: string; dataDir: string; verbose: boolean };
    try {
      options = parseSyncArgs(args, io);
    } catch (error) {
      io.stderr(
        `capture-doctor sync: ${(error as Error).message}\nUsage: capture-doctor sync <company-id> [--data ./data] [--verbose]\n`,
      );
      return 2;
    }
    let api: SyncApi;
    let links: ReturnType<SyncApi['consentLinksFrom']>;
    try {
      api = deps.api ?? (await import('@capture-doctor/api'));
      // As for `worker`, which listens nowhere either: links go to the public address, else to
      // a local `serve`.
      links = api.consentLinksFrom({
        env: io.env,
        fallbackUrl: () => `http://127.0.0.1:${DEFAULT_PORT}`,
      });
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      io.stderr(`capture-doctor sync: ${error.message}\n`);
      return 2;
    }
    let store: Store;
    try {
      store = await openStore({
        ...storeLocation(options.dataDir, io.env),
        env: io.env,
        logger: { warn: (message) => io.stderr(`warning: ${message}\n`) },
        ...(deps.clock === undefined ? {} : { clock: deps.clock }),
      });
    } catch (error) {
      // As for `serve`: a store that refuses to open (a bad or exposed key, a failed migration)
      // is the operator's to fix, told in one line without a stack trace.
      if (!isStoreError(error)) throw error;
      io.stderr(`capture-doctor sync: ${error.message}\n`);
      return 1;
    }
    const controller = new AbortController();
    const display = progressDisplay(io);
    const stopListening = (deps.onInterrupt ?? onSigint)(() => {
      if (controller.signal.aborted) return;
      controller.abort();
      display.end();
      io.stderr(
        'stopping: finishing the members being read; what was read is kept (Ctrl+C again stops at once)\n',
      );
    });
    const joinMeetings = api.joinMeetingsAfterSync(store, deps.clock ?? (() => new Date()), links);
    let joined: CalendarJoin | null = null;
    try {
      const outcome = await runSync({
        store,
        companyId: options.companyId,
        signal: controller.signal,
        clock: deps.clock,
        tuning: deps.tuning,
        actor: 'cli',
        // The calendars' meetings join the consent flow, as after a sync in `serve` or `worker`.
        onMeetingsStored: async (companyId) => {
          joined = await joinMeetings(companyId);
        },
        onProgress: (event) => display.update(event),
        log: options.verbose
          ? (line) =>
              io.stderr(
                `${line.level}: ${line.event}${line.memberId ? ` ${line.memberId}` : ''}${line.detail ? `: ${line.detail}` : ''}\n`,
              )
          : undefined,
      });
      display.end();
      printOutcome(io, options.companyId, outcome, joined);
      return outcome.status === 'completed' ? 0 : 130;
    } catch (error) {
      display.end();
      if (!isSyncError(error)) throw error;
      io.stderr(`capture-doctor sync: ${error.message}\n`);
      return 1;
    } finally {
      stopListening();
      await store.close();
    }
  };
}

function printOutcome(
  io: CliIo,
  companyId: string,
  outcome: SyncOutcome,
  joined: CalendarJoin | null,
): void {
  const resumed =
    outcome.membersResumed > 0
      ? `, ${outcome.membersResumed} kept from run ${outcome.resumedFrom}`
      : '';
  if (outcome.status === 'cancelled') {
    io.stdout(
      `cancelled: ${outcome.membersRead} members read and saved${resumed}. Run \`capture-doctor sync ${companyId}\` again to resume.\n`,
    );
    return;
  }
  const report = outcome.report;
  io.stdout(`synced ${companyId}: ${outcome.membersRead} members read${resumed}\n`);
  if (report !== null) {
    const worst = report.summary.worst;
    io.stdout(
      `  ${report.summary.members} members: ${worst.green} green, ${worst.yellow} yellow, ${worst.red} red, ${worst.unknown} unknown, ${worst.off} off\n`,
    );
  }
  if (joined !== null) {
    io.stdout(
      `  consent flow: ${joined.started} calendar meetings started, ${joined.moved} moved, ${joined.cancelled} cancelled, ${joined.restored} restored\n`,
    );
  }
  io.stdout(`  snapshot ${outcome.snapshotId}, report ${outcome.evaluationId}\n`);
}

function parseSyncArgs(
  args: string[],
  io: CliIo,
): { companyId: string; dataDir: string; verbose: boolean } {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      data: { type: 'string', default: io.env.CAPTURE_DOCTOR_DATA_DIR ?? './data' },
      verbose: { type: 'boolean', default: false },
    },
  });
  const [companyId, extra] = positionals;
  if (companyId === undefined) throw new Error('a company id is required');
  if (extra !== undefined) throw new Error(`unexpected argument "${extra}"`);
  return { companyId, dataDir: values.data, verbose: values.verbose };
}

function onSigint(cancel: () => void): () => void {
  const handler = () => cancel();
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
