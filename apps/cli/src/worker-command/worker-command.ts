import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isStoreError } from '@capture-doctor/store';
import type { CliCommand } from '../run-cli/run-cli.js';
import { waitForStop } from '../serve-command/serve-command.js';

/** What `worker` needs of the API package; injected so tests can stop it when they want. */
export interface WorkerDeps {
  api: Pick<typeof import('@capture-doctor/api'), 'startWorker' | 'WorkerRefusal'>;
  /** resolves when the process is asked to stop (SIGINT or SIGTERM) */
  stopSignal: () => Promise<string>;
}

interface WorkerArgs {
  dataDir: string;
  concurrency: number;
}

/**
 * `capture-doctor worker`: runs the background work of a PostgreSQL deployment (the syncs asked
 * for through the API, scheduled syncs, due consent notices and outgoing emails) until stopped.
 * Refuses SQLite in one sentence: there `serve` does this work itself.
 * @example await workerCommand()(['--concurrency', '2'], io)
 */
export function workerCommand(deps?: Partial<WorkerDeps>): CliCommand {
  return async (args, io) => {
    let options: WorkerArgs;
    try {
      options = parseWorkerArgs(args);
    } catch (error) {
      io.stderr(`capture-doctor worker: ${(error as Error).message}\n`);
      return 2;
    }
    const api = deps?.api ?? (await import('@capture-doctor/api'));
    let worker: Awaited<ReturnType<WorkerDeps['api']['startWorker']>>;
    try {
      worker = await api.startWorker({
        // Without SMTP, due emails land as .eml files in the data folder, as with `serve`.
        mailDir: join(options.dataDir, 'mail'),
        syncConcurrency: options.concurrency,
        log: (line) => io.stdout(`${line}\n`),
      });
    } catch (error) {
      if (!(error instanceof api.WorkerRefusal) && !isStoreError(error)) throw error;
      io.stderr(`capture-doctor worker: ${error.message}\n`);
      return 1;
    }
    const signal = await (deps?.stopSignal ?? waitForStop)();
    io.stdout(`${signal}: stopping\n`);
    await worker.close();
    return 0;
  };
}

function parseWorkerArgs(args: string[]): WorkerArgs {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string', default: process.env.CAPTURE_DOCTOR_DATA_DIR ?? './data' },
      concurrency: { type: 'string', default: '1' },
    },
  });
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new Error(
      `--concurrency must be a whole number from 1 to 64, not "${values.concurrency}"`,
    );
  }
  return { dataDir: values.data, concurrency };
}
