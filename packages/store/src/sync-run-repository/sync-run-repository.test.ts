import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock, openTestStore, TEST_KEY, tempDir } from '../test-support/test-support.js';

const temps: Array<() => void> = [];
function dir(): string {
  const t = tempDir();
  temps.push(t.cleanup);
  return t.dir;
}
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

/** Runs the child that saves progress, waits for it to report, then kills it with SIGKILL. */
function saveThenGetKilled(file: string, count: number): Promise<string> {
  const child = fileURLToPath(new URL('../test-support/sync-child.ts', import.meta.url));
  const proc = spawn(
    process.execPath,
    [
      '--conditions=@capture-doctor/source',
      '--import',
      'tsx',
      child,
      file,
      TEST_KEY,
      String(count),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /saved (\S+)\n/.exec(out);
      if (match) {
        proc.kill('SIGKILL');
        proc.on('exit', () => resolve(match[1]!));
      }
    });
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child ended early: ${code} ${signal}`));
    });
  });
}

describe('sync runs', () => {
  it('a sync killed with SIGKILL loses nothing it saved, and the next start resumes it', async () => {
    const d = dir();
    const file = join(d, 'store.sqlite');
    const setup = await openTestStore(d);
    await setup.companies.create({ id: 'acme', name: 'Acme' });
    await setup.close();

    const runId = await saveThenGetKilled(file, 5);

    const store = await openTestStore(d);
    const run = await store.syncRuns.resumable('acme');
    expect(run).toMatchObject({ id: runId, status: 'running', cursor: { next: 5 } });
    const results = await store.syncRuns.memberResults(runId);
    expect(results.map((r) => r.memberId)).toEqual(['u0', 'u1', 'u2', 'u3', 'u4']);
    expect(results[3]?.result).toEqual({ mailbox: 'ok', index: 3 });
    await store.close();
  });

  it('saves results and cursor together, replaces a member result read again, and finishes once', async () => {
    const time = manualClock();
    const store = await openTestStore(dir(), { clock: time.clock });
    await store.companies.create({ id: 'acme', name: 'Acme' });
    const run = await store.syncRuns.start('acme', { cursor: { page: null } });
    await expect(store.syncRuns.start('acme')).rejects.toMatchObject({ code: 'conflict' });
    await store.syncRuns.saveProgress(run.id, {
      cursor: { page: 'p2' },
      members: [
        { memberId: 'u1', result: { mailbox: 'error' } },
        { memberId: 'u2', result: { mailbox: 'ok' } },
      ],
    });
    time.advance(1000);
    const saved = await store.syncRuns.saveProgress(run.id, {
      members: [{ memberId: 'u1', result: { mailbox: 'ok' } }],
    });
    expect(saved.cursor).toEqual({ page: 'p2' });
    expect((await store.syncRuns.memberResults(run.id)).map((r) => [r.memberId, r.result])).toEqual(
      [
        ['u1', { mailbox: 'ok' }],
        ['u2', { mailbox: 'ok' }],
      ],
    );
    const done = await store.syncRuns.finish(run.id, { status: 'completed' });
    expect(done).toMatchObject({ status: 'completed', finishedAt: '2026-01-01T09:00:01.000Z' });
    expect(await store.syncRuns.resumable('acme')).toBeNull();
    await expect(store.syncRuns.finish(run.id, { status: 'failed' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(
      store.syncRuns.saveProgress(run.id, { members: [{ memberId: 'u3', result: 1 }] }),
    ).rejects.toMatchObject({ code: 'conflict' });
    const next = await store.syncRuns.start('acme');
    expect((await store.syncRuns.list('acme')).map((r) => r.id)).toEqual([next.id, run.id]);
    await store.close();
  });

  it('saves hundreds of member results at once, a member given twice keeping its last result', async () => {
    const store = await openTestStore(dir());
    await store.companies.create({ id: 'acme', name: 'Acme' });
    const run = await store.syncRuns.start('acme');
    const members = Array.from({ length: 450 }, (_, n) => ({
      memberId: `u${String(n).padStart(3, '0')}`,
      result: { n },
    }));
    await store.syncRuns.saveProgress(run.id, {
      members: [...members, { memberId: 'u000', result: { n: 'again' } }],
    });
    const saved = await store.syncRuns.memberResults(run.id);
    expect(saved).toHaveLength(450);
    expect(saved[0]).toMatchObject({ memberId: 'u000', result: { n: 'again' } });
    expect(saved[449]).toMatchObject({ memberId: 'u449', result: { n: 449 } });
    await store.close();
  });

  it('keeps a request to stop on the running run, for whichever process runs it, and refuses one for an ended run', async () => {
    const time = manualClock();
    const store = await openTestStore(dir(), { clock: time.clock });
    await store.companies.create({ id: 'acme', name: 'Acme' });
    const run = await store.syncRuns.start('acme');
    expect(run.cancelRequestedAt).toBeNull();
    expect(await store.syncRuns.requestCancel(run.id)).toBe(true);
    time.advance(1000);
    // Asked again, the first request's time stays.
    expect(await store.syncRuns.requestCancel(run.id)).toBe(true);
    const saved = await store.syncRuns.saveProgress(run.id, {
      members: [{ memberId: 'u1', result: {} }],
    });
    expect(saved.cancelRequestedAt).toBe('2026-01-01T09:00:00.000Z');
    await store.syncRuns.finish(run.id, { status: 'cancelled' });
    expect(await store.syncRuns.requestCancel(run.id)).toBe(false);
    expect(await store.syncRuns.requestCancel('no-such-run')).toBe(false);
    expect((await store.syncRuns.start('acme')).cancelRequestedAt).toBeNull();
    await store.close();
  });

  it('saves member results alone, answering only whether a stop was asked, and refuses an ended or unknown run', async () => {
    const time = manualClock();
    const store = await openTestStore(dir(), { clock: time.clock });
    await store.companies.create({ id: 'acme', name: 'Acme' });
    const run = await store.syncRuns.start('acme', { cursor: { page: 1 } });
    time.advance(1000);
    expect(
      await store.syncRuns.saveMemberResults(run.id, [{ memberId: 'u1', result: { n: 1 } }]),
    ).toEqual({ cancelRequestedAt: null });
    await store.syncRuns.requestCancel(run.id);
    time.advance(1000);
    expect(
      await store.syncRuns.saveMemberResults(run.id, [
        { memberId: 'u2', result: { n: 2 } },
        { memberId: 'u1', result: { n: 'again' } },
      ]),
    ).toEqual({ cancelRequestedAt: '2026-01-01T09:00:01.000Z' });
    expect(await store.syncRuns.byId('acme', run.id)).toMatchObject({
      cursor: { page: 1 },
      updatedAt: '2026-01-01T09:00:02.000Z',
    });
    expect((await store.syncRuns.memberResults(run.id)).map((r) => [r.memberId, r.result])).toEqual(
      [
        ['u1', { n: 'again' }],
        ['u2', { n: 2 }],
      ],
    );
    await expect(
      store.syncRuns.saveMemberResults(run.id, [{ memberId: '', result: {} }]),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'members[0].memberId' });
    await store.syncRuns.finish(run.id, { status: 'cancelled' });
    await expect(
      store.syncRuns.saveMemberResults(run.id, [{ memberId: 'u3', result: 3 }]),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      store.syncRuns.saveMemberResults('no-such-run', [{ memberId: 'u3', result: 3 }]),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await store.syncRuns.memberResults(run.id)).toHaveLength(2);
    await store.close();
  });

  it('refuses a member result without a member id and keeps the cursor as it was', async () => {
    const store = await openTestStore(dir());
    await store.companies.create({ id: 'acme', name: 'Acme' });
    const run = await store.syncRuns.start('acme', { cursor: { page: 1 } });
    await expect(
      store.syncRuns.saveProgress(run.id, {
        cursor: { page: 2 },
        members: [{ memberId: '', result: {} }],
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'members[0].memberId' });
    expect((await store.syncRuns.byId('acme', run.id))?.cursor).toEqual({ page: 1 });
    expect(await store.syncRuns.byId('globex', run.id)).toBeNull();
    await store.close();
  });
});
