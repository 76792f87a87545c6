#!/usr/bin/env node
import type { CliCommand } from './run-cli/run-cli.js';
import { runCli } from './run-cli/run-cli.js';

// Each command loads its own modules when it runs: `evaluate` then starts without the API, the
// store and the providers, which take longer to load than a large snapshot takes to evaluate.
const lazy =
  (load: () => Promise<CliCommand>): CliCommand =>
  async (args, io) =>
    (await load())(args, io);

const code = await runCli(
  process.argv.slice(2),
  {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    isTty: process.stdout.isTTY === true,
  },
  {
    serve: lazy(async () => (await import('./serve-command/serve-command.js')).serveCommand()),
    sync: lazy(async () => (await import('./sync-command/sync-command.js')).syncCommand()),
    keys: lazy(async () => (await import('./keys-command/keys-command.js')).keysCommand()),
    evidence: lazy(async () =>
      (await import('./evidence-command/evidence-command.js')).evidenceCommand(),
    ),
    worker: lazy(async () => (await import('./worker-command/worker-command.js')).workerCommand()),
  },
);
process.exitCode = code;
