#!/usr/bin/env node
import { evidenceCommand } from './evidence-command/evidence-command.js';
import { keysCommand } from './keys-command/keys-command.js';
import { runCli } from './run-cli/run-cli.js';
import { serveCommand } from './serve-command/serve-command.js';
import { syncCommand } from './sync-command/sync-command.js';
import { workerCommand } from './worker-command/worker-command.js';

const code = await runCli(
  process.argv.slice(2),
  {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    isTty: process.stdout.isTTY === true,
  },
  {
    serve: serveCommand(),
    sync: syncCommand(),
    keys: keysCommand(),
    evidence: evidenceCommand(),
    worker: workerCommand(),
  },
);
process.exitCode = code;
