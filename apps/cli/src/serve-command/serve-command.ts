import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isStoreError } from '@capture-doctor/store';
import { DEFAULT_PORT } from '../default-port/default-port.js';
import type { CliCommand } from '../run-cli/run-cli.js';

export { DEFAULT_PORT };

/** What `serve` needs of the API package; injected so tests can start it on a free port. */
export interface ServeDeps {
  api: Pick<
    typeof import('@capture-doctor/api'),
    'startServer' | 'startupBanner' | 'writeDemoKeysFile' | 'DEMO_COMPANY_ID'
  >;
  /** resolves when the process is asked to stop (SIGINT or SIGTERM) */
  stopSignal: () => Promise<string>;
}

/**
 * `capture-doctor serve`: migrates the database, creates the demo company on first start,
 * serves the API, the team-members page and the docs, and prints where to sign in. The demo keys
 * of a first start are printed on a terminal, and otherwise written to a file only its owner reads.
 * @example await serveCommand()(['--port', '8787'], io)
 */
export function serveCommand(deps?: Partial<ServeDeps>): CliCommand {
  return async (args, io) => {
    let options: ServeArgs;
    try {
      options = parseServeArgs(args);
    } catch (error) {
      io.stderr(`capture-doctor serve: ${(error as Error).message}\n`);
      return 2;
    }
    // Loaded here so that `evaluate` never pays for the server, the store and SQLite.
    const api = deps?.api ?? (await import('@capture-doctor/api'));
    let server: Awaited<ReturnType<ServeDeps['api']['startServer']>>;
    // While starting, the start-up sync's lines are counted for the block printed last rather
    // than printed one by one; every other line (a warning about a key, say) is printed.
    let starting = true;
    let syncWarnings = 0;
    const log = (line: string) => {
      if (starting && line.startsWith('sync ')) {
        if (line.startsWith('sync warn')) syncWarnings += 1;
        return;
      }
      io.stdout(`${line}\n`);
    };
    try {
      // Without SMTP, due emails land as .eml files in the data folder rather than nowhere.
      server = await api.startServer({ ...options, mailDir: join(options.dataDir, 'mail'), log });
    } catch (error) {
      // A store that refuses to open (a bad or exposed key, a failed migration) is the
      // operator's to fix: one line saying what and how, no stack trace.
      if (!isStoreError(error)) throw error;
      io.stderr(`capture-doctor serve: ${error.message}\n`);
      return 1;
    }
    // Keys printed where no one is watching would end in a log collector: a file instead.
    const keysFile =
      server.demo && !io.isTty ? api.writeDemoKeysFile(options.dataDir, server.demo) : undefined;
    starting = false;
    const companyId = (await server.store.companies.get(api.DEMO_COMPANY_ID))?.id;
    const block = api.startupBanner(server, {
      ...(keysFile ? { keysFile } : {}),
      ...(companyId ? { companyId } : {}),
      syncWarnings,
    });
    io.stdout(`\n${block}\nPress Ctrl+C to stop.\n`);
    const signal = await (deps?.stopSignal ?? waitForStop)();
    io.stdout(`${signal}: stopping\n`);
    await server.close();
    return 0;
  };
}

interface ServeArgs {
  host: string;
  port: number;
  dataDir: string;
  /** false with --no-worker: the background work is left to `capture-doctor worker` */
  worker: boolean;
}

function parseServeArgs(args: string[]): ServeArgs {
  const { values } = parseArgs({
    args,
    options: {
      host: { type: 'string', default: process.env.HOST ?? '127.0.0.1' },
      port: { type: 'string', default: process.env.PORT ?? String(DEFAULT_PORT) },
      data: { type: 'string', default: process.env.CAPTURE_DOCTOR_DATA_DIR ?? './data' },
      'no-worker': { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`--port must be a whole number from 0 to 65535, not "${values.port}"`);
  }
  return { host: values.host, port, dataDir: values.data, worker: !values['no-worker'] };
}

/**
 * Resolves with the name of the first SIGINT or SIGTERM the process receives.
 * @example const signal = await waitForStop(); // 'SIGTERM'
 */
export function waitForStop(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}
