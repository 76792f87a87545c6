import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@capture-doctor/api';
import { openStore } from '@capture-doctor/store';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli/run-cli.js';
import { captureIo } from '../test-support/capture-io.js';
import { keysCommand } from './keys-command.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'capture-doctor-cli-keys-'));
  dirs.push(dir);
  return dir;
}

/** A data directory holding company "acme" and its one admin key. */
async function dataDir(): Promise<string> {
  const dir = tempDir();
  const store = await openStore({
    file: join(dir, 'capture-doctor.sqlite'),
    env: {},
    logger: { warn: () => {} },
  });
  await store.companies.create({ id: 'acme', name: 'Acme' });
  await store.apiKeys.create('acme', { role: 'admin', name: 'first admin' });
  await store.close();
  return dir;
}

async function withStore<T>(dir: string, use: (s: Awaited<ReturnType<typeof openStore>>) => T) {
  const store = await openStore({
    file: join(dir, 'capture-doctor.sqlite'),
    env: {},
    logger: { warn: () => {} },
  });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

describe('capture-doctor keys', () => {
  it('create prints a new key once on stdout, with a one-line warning that it is shown only now', async () => {
    const dir = await dataDir();
    const { io, out, err } = captureIo();
    const code = await keysCommand()(
      ['create', 'acme', '--role', 'compliance', '--name', 'auditor', '--data', dir],
      io,
    );
    expect(code).toBe(0);
    const key = out().trim();
    expect(out()).toMatch(/^cdk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}\n$/);
    expect(err().split('\n').filter(Boolean)).toHaveLength(1);
    expect(err()).toContain('shown only now');
    expect(err()).not.toContain(key);
    const principal = await withStore(dir, (s) => s.apiKeys.verify(key));
    expect(principal).toMatchObject({ companyId: 'acme', role: 'compliance' });
  });

  it('create records the new key in the audit log by id, never the key itself', async () => {
    const dir = await dataDir();
    const { io, out } = captureIo();
    await keysCommand()(['create', 'acme', '--role', 'support', '--data', dir], io);
    const key = out().trim();
    const entries = await withStore(dir, (s) => s.auditLog.list('acme'));
    expect(entries).toEqual([
      expect.objectContaining({
        actor: 'cli',
        action: 'api-key.create',
        details: { role: 'support', name: 'api key' },
      }),
    ]);
    expect(JSON.stringify(entries)).not.toContain(key);
  });

  it('list shows every key with its role and status, and no key', async () => {
    const dir = await dataDir();
    const created = captureIo();
    await keysCommand()(['create', 'acme', '--role', 'support', '--data', dir], created.io);
    const key = created.out().trim();
    const { io, out, err } = captureIo();
    expect(await keysCommand()(['list', 'acme', '--data', dir], io)).toBe(0);
    expect(err()).toBe('');
    const lines = out().trim().split('\n');
    expect(lines[0]).toMatch(/^id\s+role\s+status\s+created\s+name$/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/admin\s+active\s+\S+\s+first admin$/);
    expect(lines[2]).toMatch(/support\s+active\s+\S+\s+api key$/);
    expect(out()).not.toContain(key);
    expect(out()).not.toContain('cdk_');
  });

  it('an unknown company is one line on stderr and exit 2, and creates nothing', async () => {
    const dir = await dataDir();
    for (const args of [
      ['create', 'nobody', '--role', 'admin', '--data', dir],
      ['list', 'nobody', '--data', dir],
    ]) {
      const { io, out, err } = captureIo();
      expect(await keysCommand()(args, io)).toBe(2);
      expect(out()).toBe('');
      expect(err()).toMatch(/^capture-doctor keys: no company "nobody" in .+\n$/);
    }
  });

  it('a data folder without a store is refused with exit 2, and no store is created there', async () => {
    const dir = tempDir();
    const { io, err } = captureIo();
    expect(await keysCommand()(['list', 'acme', '--data', dir], io)).toBe(2);
    expect(err()).toContain('no store at');
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each([
    [['create', 'acme'], '--role is required'],
    [['create', 'acme', '--role', 'owner'], '--role must be admin, compliance or support'],
    [['create', 'acme', '--role', 'admin', '--name', '  '], '--name must be'],
    [['list'], 'a company id is required'],
    [['list', 'acme', '--role', 'admin'], '--role and --name belong to `keys create`'],
    [['rotate', 'acme'], 'unknown action "rotate"'],
  ])('%j is refused with exit 2 and says why', async (args, why) => {
    const dir = await dataDir();
    const { io, out, err } = captureIo();
    expect(await keysCommand()([...args, '--data', dir], io)).toBe(2);
    expect(out()).toBe('');
    expect(err()).toContain(why);
    expect(err()).toContain('Usage:');
  });

  it('a user who lost the demo admin key signs in to the served API with a key made by `keys create`', async () => {
    const dir = tempDir();
    const options = { host: '127.0.0.1', port: 0, dataDir: dir, docsDir: null, smtp: null };
    const first = await startServer({ ...options, log: () => {} });
    await first.close();
    // The server generated its credentials key file; the CLI must find it there, as sync does.
    expect(existsSync(join(dir, 'capture-doctor.sqlite'))).toBe(true);
    const { io, out } = captureIo();
    const code = await runCli(
      ['keys', 'create', 'demo', '--role', 'admin', '--data', dir],
      { ...io, env: process.env },
      {
        keys: keysCommand(),
      },
    );
    expect(code).toBe(0);
    const key = out().trim();
    const again = await startServer({ ...options, log: () => {} });
    try {
      const res = await again.app.request('/v1/companies/demo/api-keys', {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).not.toContain(key);
      expect(JSON.parse(text).keys).toHaveLength(4); // the three demo keys and the new one
    } finally {
      await again.close();
    }
    expect(readFileSync(join(dir, 'capture-doctor.sqlite')).includes(Buffer.from(key))).toBe(false);
  });
});
