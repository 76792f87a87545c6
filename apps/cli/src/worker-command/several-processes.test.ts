import { rmSync } from 'node:fs';
import { type IngestionRead, openStore, type Store } from '@capture-doctor/store';
import { testDatabaseUrl } from '@capture-doctor/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliProcess, startCliProcess, stopCliProcess } from '../test-support/cli-process.js';
import { type FakeCompanies, startFakeCompanies } from '../test-support/fake-companies.js';

// Two `serve --no-worker` and two `worker` processes, real child processes, on one PostgreSQL
// database: the HTTP processes queue the syncs, the workers run them.
const KEY = Buffer.alloc(32, 7).toString('base64');
const JOB_EXPIRE_SECONDS = 3;

type Child = CliProcess;

let databaseUrl = '';
let store: Store;
let small: FakeCompanies;
let big: FakeCompanies;
let slow: FakeCompanies;
const keys = new Map<string, string>();
const dirs: string[] = [];
let serves: { child: Child; url: string }[] = [];
let workers: Child[] = [];

function startCli(args: string[], ready: RegExp): Promise<Child> {
  return startCliProcess(
    args,
    {
      CAPTURE_DOCTOR_DATABASE_URL: databaseUrl,
      CAPTURE_DOCTOR_ENCRYPTION_KEY: KEY,
      CAPTURE_DOCTOR_SMTP_URL: '',
      // A killed worker's job goes to the other after seconds, not the default 15 minutes.
      CAPTURE_DOCTOR_SYNC_JOB_EXPIRE_SECONDS: String(JOB_EXPIRE_SECONDS),
    },
    ready,
  ).then((child) => {
    dirs.push(child.dataDir);
    return child;
  });
}

async function call(url: string, path: string, key: string, init: RequestInit = {}) {
  return fetch(`${url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  });
}

// Reads of each member and resource that completed (ok or failed), and reads left started.
function audited(reads: readonly IngestionRead[]) {
  const completed = new Map<string, number>();
  for (const read of reads) {
    if (read.resource !== 'mailbox' && read.resource !== 'calendar') continue;
    if (read.outcome !== 'ok' && read.outcome !== 'failed') continue;
    const key = `${read.memberId}/${read.resource}`;
    completed.set(key, (completed.get(key) ?? 0) + 1);
  }
  return {
    completed,
    started: reads.filter((read) => read.outcome === 'started').length,
  };
}

async function completedRun(companyId: string, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const runs = await store.syncRuns.list(companyId, { limit: 10 });
    if (runs[0]?.status === 'completed') return runs;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the sync of ${companyId} did not complete in ${timeoutMs} ms`);
}

beforeAll(async () => {
  databaseUrl = (await testDatabaseUrl(`several-processes-${process.pid}`)) ?? '';
  store = await openStore({ databaseUrl, encryptionKey: KEY, logger: { warn: () => {} } });
  small = await startFakeCompanies(store, {
    prefix: 'small',
    count: 4,
    members: 30,
    latencyMs: 10,
  });
  big = await startFakeCompanies(store, { prefix: 'big', count: 1, members: 400, latencyMs: 25 });
  slow = await startFakeCompanies(store, {
    prefix: 'slow',
    count: 1,
    members: 400,
    // Slow enough that the sync is still reading when the cancel comes.
    latencyMs: 200,
  });
  for (const id of [...small.ids, ...big.ids, ...slow.ids]) {
    keys.set(id, (await store.apiKeys.create(id, { role: 'admin' })).key);
  }
  const running = /running at (http:\/\/127\.0\.0\.1:\d+)/;
  const started = await Promise.all([
    startCli(['serve', '--no-worker', '--port', '0'], running),
    startCli(['serve', '--no-worker', '--port', '0'], running),
  ]);
  serves = started.map((child) => ({ child, url: running.exec(child.out())?.[1] ?? '' }));
  workers = await Promise.all([
    startCli(['worker'], /worker: taking syncs/),
    startCli(['worker'], /worker: taking syncs/),
  ]);
}, 180_000);

afterAll(async () => {
  const children = [...serves.map((s) => s.child), ...workers];
  await Promise.all(children.map(({ proc }) => stopCliProcess(proc)));
  await small?.close();
  await big?.close();
  await slow?.close();
  await store?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('two serve --no-worker and two worker processes on one PostgreSQL database', () => {
  it('refuse in one serve process, within a second, a key revoked through the other', async () => {
    const [one, two] = serves;
    if (!one || !two) throw new Error('two serve processes');
    const admin = keys.get('small0') ?? '';
    const made = await call(one.url, '/v1/companies/small0/api-keys', admin, {
      method: 'POST',
      body: JSON.stringify({ role: 'support', name: 'short-lived' }),
    });
    const { key, info } = (await made.json()) as { key: string; info: { id: string } };
    expect((await call(two.url, '/v1/companies/small0', key)).status).toBe(200);
    await call(one.url, `/v1/companies/small0/api-keys/${info.id}`, admin, { method: 'DELETE' });
    const revokedAt = Date.now();
    while ((await call(two.url, '/v1/companies/small0', key)).status !== 401) {
      expect(Date.now() - revokedAt).toBeLessThan(1_000);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  });

  it('sync each company asked for through either serve process exactly once, each read audited once', async () => {
    for (const [index, id] of small.ids.entries()) {
      const through = serves[index % 2];
      const res = await call(through?.url ?? '', `/v1/companies/${id}/syncs`, keys.get(id) ?? '', {
        method: 'POST',
      });
      expect(res.status).toBe(202);
    }
    for (const [index, id] of small.ids.entries()) {
      const runs = await completedRun(id, 90_000);
      expect(runs.map((run) => run.status)).toEqual(['completed']);
      // The other serve process shows the worker's result.
      const shown = await call(
        serves[(index + 1) % 2]?.url ?? '',
        `/v1/companies/${id}/syncs/current`,
        keys.get(id) ?? '',
      );
      expect(((await shown.json()) as { phase: string }).phase).toBe('completed');
      const { completed, started } = audited(
        await store.ingestionAudit.list(id, { limit: 10_000 }),
      );
      expect(started).toBe(0);
      expect(completed.size).toBe(30 * 2);
      expect([...completed.values()].every((count) => count === 1)).toBe(true);
    }
  }, 120_000);

  it('stop, in the worker running it, a sync cancelled through a serve --no-worker process', async () => {
    const [id] = slow.ids;
    if (id === undefined) throw new Error('one slow company');
    const key = keys.get(id) ?? '';
    const res = await call(serves[0]?.url ?? '', `/v1/companies/${id}/syncs`, key, {
      method: 'POST',
    });
    expect(res.status).toBe(202);
    // Wait for the run to be under way in a worker, then cancel it through the other serve.
    const until = Date.now() + 60_000;
    let run = (await store.syncRuns.list(id, { limit: 1 }))[0];
    while (Date.now() < until) {
      run = (await store.syncRuns.list(id, { limit: 1 }))[0];
      if (run && (await store.syncRuns.memberResults(run.id)).length >= 20) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const runner = workers.find((w) => w.proc.pid === ownerPid(run?.cursor));
    expect(runner).toBeDefined();
    const cancelled = await call(serves[1]?.url ?? '', `/v1/companies/${id}/syncs/current`, key, {
      method: 'DELETE',
    });
    expect(cancelled.status).toBe(202);
    const asked = Date.now();
    let ended = await store.syncRuns.byId(id, run?.id ?? '');
    while (ended?.status === 'running' && Date.now() - asked < 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      ended = await store.syncRuns.byId(id, run?.id ?? '');
    }
    expect(ended?.status).toBe('cancelled');
    // It stopped reading: most members are left for the next sync.
    expect((await store.syncRuns.memberResults(run?.id ?? '')).length).toBeLessThan(400);
    const shown = await call(serves[0]?.url ?? '', `/v1/companies/${id}/syncs/current`, key);
    expect(((await shown.json()) as { phase: string }).phase).toBe('cancelled');
    expect(runner?.out()).toContain(`queued sync of ${id}: cancelled`);
    // Nothing to cancel any more, through either serve.
    const again = await call(serves[0]?.url ?? '', `/v1/companies/${id}/syncs/current`, key, {
      method: 'DELETE',
    });
    expect(again.status).toBe(409);
  }, 120_000);

  it('finish, in the other worker, a sync whose worker was killed with SIGKILL, losing no read and auditing none twice', async () => {
    const [id] = big.ids;
    if (id === undefined) throw new Error('one big company');
    const res = await call(serves[0]?.url ?? '', `/v1/companies/${id}/syncs`, keys.get(id) ?? '', {
      method: 'POST',
    });
    expect(res.status).toBe(202);
    // Wait for the run to be well under way, then kill the worker that runs it.
    let owner = 0;
    const until = Date.now() + 60_000;
    while (owner === 0 && Date.now() < until) {
      const [run] = await store.syncRuns.list(id, { limit: 1 });
      if (run && (await store.syncRuns.memberResults(run.id)).length >= 40) {
        owner = ownerPid(run.cursor);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const killed = workers.find((w) => w.proc.pid === owner);
    const survivor = workers.find((w) => w.proc.pid !== owner);
    expect(killed).toBeDefined();
    killed?.proc.kill('SIGKILL');
    const runs = await completedRun(id, 120_000).catch((error: Error) => {
      throw new Error(
        `${error.message}; the surviving worker said:\n${survivor?.out().slice(-3000)}`,
      );
    });
    // One run, taken over and finished by the surviving worker.
    expect(runs).toHaveLength(1);
    expect(ownerPid(runs[0]?.cursor)).toBe(survivor?.proc.pid);
    expect((await store.syncRuns.memberResults(runs[0]?.id ?? '')).length).toBe(400);
    const reads = await store.ingestionAudit.list(id, { limit: 10_000 });
    const { completed, started } = audited(reads);
    expect(started).toBe(0);
    expect(completed.size).toBe(400 * 2);
    expect([...completed.values()].every((count) => count === 1)).toBe(true);
  }, 180_000);
});

function ownerPid(cursor: unknown): number {
  if (typeof cursor !== 'object' || cursor === null || !('owner' in cursor)) return 0;
  const owner = cursor.owner;
  if (typeof owner !== 'object' || owner === null || !('pid' in owner)) return 0;
  return typeof owner.pid === 'number' ? owner.pid : 0;
}
