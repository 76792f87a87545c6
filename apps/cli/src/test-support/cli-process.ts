import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A `capture-doctor` child process, with everything it printed so far. */
export interface CliProcess {
  proc: ChildProcess;
  out: () => string;
  /** its `--data` folder, a fresh temporary one: the caller removes it */
  dataDir: string;
}

const root = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * Runs `capture-doctor <args> --data <fresh folder>` from the sources in a child process, and
 * resolves once its output matches `ready` (rejects if it exits first).
 * @example const worker = await startCliProcess(['worker'], env, /worker: taking syncs/);
 */
export function startCliProcess(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<CliProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'capture-doctor-cli-'));
  const main = join(root, 'apps/cli/src/main.ts');
  const proc = spawn(
    process.execPath,
    [
      // The young generation the service units and `pnpm start` give every process.
      '--max-semi-space-size=32',
      '--conditions=@capture-doctor/source',
      '--import',
      'tsx',
      main,
      ...args,
      '--data',
      dataDir,
    ],
    { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  const keep = (chunk: Buffer) => {
    out += chunk.toString();
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (!ready.test(out)) return;
      clearInterval(timer);
      resolve({ proc, out: () => out, dataDir });
    }, 50);
    proc.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`capture-doctor ${args[0]} exited with ${code}:\n${out}`));
    });
  });
}

/**
 * Asks a child process to stop (SIGTERM) and waits for it to exit.
 * @example await stopCliProcess(worker.proc);
 */
export function stopCliProcess(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });
}
