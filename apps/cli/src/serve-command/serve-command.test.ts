import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as api from '@capture-doctor/api';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../run-cli/run-cli.js';
import { serveCommand } from './serve-command.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function io(isTty = false): CliIo & { out: string; err: string } {
  const sink = {
    out: '',
    err: '',
    env: {},
    isTty,
    stdout: (t: string) => {
      sink.out += t;
    },
    stderr: (t: string) => {
      sink.err += t;
    },
  };
  return sink;
}

describe('capture-doctor serve', () => {
  it('serves the demo company, prints the URL and an admin key that signs in, and stops on a signal', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'serve-'));
    dirs.push(dataDir);
    const sink = io(true);
    let stop: (signal: string) => void = () => {};
    let checked: Promise<void> = Promise.resolve();
    const stopSignal = () =>
      new Promise<string>((resolve) => {
        stop = resolve;
        checked = (async () => {
          const url = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(sink.out)?.[1];
          const key = /admin\s+(cdk_\S+)/.exec(sink.out)?.[1];
          expect(url).toBeDefined();
          expect(key).toBeDefined();
          expect((await fetch(`${url}/healthz`)).status).toBe(200);
          const companies = await fetch(`${url}/v1/companies`, {
            headers: { authorization: `Bearer ${key}` },
          });
          expect(companies.status).toBe(200);
          stop('SIGTERM');
        })();
      });
    const code = await serveCommand({ api, stopSignal })(['--port', '0', '--data', dataDir], sink);
    await checked;
    expect(code).toBe(0);
    expect(sink.out).toContain('SIGTERM: stopping');
    // One block comes last: the URL, the company id, the keys and one line on the sync.
    const beforeStop = sink.out.slice(0, sink.out.indexOf('SIGTERM: stopping'));
    // (the requests this test made are logged after it)
    const block = beforeStop.slice(
      beforeStop.indexOf('─'.repeat(72)),
      beforeStop.indexOf('Press Ctrl+C to stop.'),
    );
    expect(block).toMatch(/running at http:\/\/127\.0\.0\.1:\d+/);
    expect(block).toMatch(/company id\s+demo/);
    expect(block).toMatch(/admin\s+cdk_/);
    expect(block).toMatch(/^Start-up sync: (no warnings|1 warning |\d+ warnings )/m);
    expect(block.trimEnd().endsWith('─'.repeat(72))).toBe(true);
    // the sync's own lines were summed up, not printed
    expect(beforeStop).not.toMatch(/^sync (warn|info):/m);
  });

  it('when stdout is not a terminal, writes the demo keys to a file only its owner reads and prints its path', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'serve-'));
    dirs.push(dataDir);
    const sink = io(false);
    let file = '';
    const stopSignal = async () => {
      file = /^\s+(\S+demo-keys\.txt)/m.exec(sink.out)?.[1] ?? '';
      return 'SIGTERM';
    };
    expect(await serveCommand({ api, stopSignal })(['--port', '0', '--data', dataDir], sink)).toBe(
      0,
    );
    expect(sink.out).not.toContain('cdk_');
    expect(file).toBe(join(dataDir, 'demo-keys.txt'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/admin\s+cdk_\S+/);
  });

  it('refuses a port that is not a number with exit code 2', async () => {
    const sink = io();
    expect(await serveCommand({ api })(['--port', 'eighty'], sink)).toBe(2);
    expect(sink.err).toContain('--port must be a whole number');
  });
});

const root = fileURLToPath(new URL('../../../../', import.meta.url));

/** Runs the real `capture-doctor serve` process and gives its exit code and output. */
async function serveProcess(dataDir: string, env: Record<string, string>) {
  const run = promisify(execFile);
  const args = ['--conditions=@capture-doctor/source', '--import', 'tsx'];
  const main = join(root, 'apps/cli/src/main.ts');
  return run(process.execPath, [...args, main, 'serve', '--port', '0', '--data', dataDir], {
    cwd: root,
    env: { ...process.env, CAPTURE_DOCTOR_ENCRYPTION_KEY: '', ...env },
    timeout: 60_000,
  }).then(
    (done) => ({ code: 0, ...done }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
}

describe('the capture-doctor serve process, refused by its store', () => {
  it('says in one line what is wrong with CAPTURE_DOCTOR_ENCRYPTION_KEY and how to fix it, and exits 1', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'serve-'));
    dirs.push(dataDir);
    const short = Buffer.alloc(16, 3).toString('base64');
    for (const [key, wrong] of [
      [short, 'decodes to 16 bytes'],
      ['not a key!', 'is not base64'],
    ] as const) {
      const result = await serveProcess(dataDir, { CAPTURE_DOCTOR_ENCRYPTION_KEY: key });
      expect(result.code).toBe(1);
      expect(result.stderr.trimEnd().split('\n')).toEqual([
        expect.stringMatching(/^capture-doctor serve: CAPTURE_DOCTOR_ENCRYPTION_KEY /),
      ]);
      expect(result.stderr).toContain(wrong);
      expect(result.stderr).toContain('openssl rand -base64 32');
      expect(result.stderr).not.toContain(key);
    }
  });

  it('refuses in one line, exit 1, a key file that other users can read', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'serve-'));
    dirs.push(dataDir);
    const keyFile = join(dataDir, 'encryption.key');
    writeFileSync(keyFile, `${Buffer.alloc(32, 5).toString('base64')}\n`);
    chmodSync(keyFile, 0o644);
    const result = await serveProcess(dataDir, {});
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      `capture-doctor serve: the key file ${keyFile} can be read by other users (mode 0644): ` +
        `restrict it with \`chmod 600 ${keyFile}\` and start again`,
    ]);
  });
});
