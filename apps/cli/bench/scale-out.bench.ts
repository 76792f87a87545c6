// Scale-out: fake tenants synced by 1, then 2 `worker` processes on one throwaway PostgreSQL
// (the syncs asked for through a `serve --no-worker`), printing wall time, syncs per minute and
// the ratio to one worker; then the member endpoint's throughput on PostgreSQL against SQLite.
// Full size: 40 tenants of 500 members, 50 ms a request. Smaller runs: BENCH_TENANTS,
// BENCH_MEMBERS, BENCH_LATENCY_MS, BENCH_WORKERS (e.g. "1,2,4"), BENCH_SECONDS.
// Every process runs on the 32 MB young generation the deployment guide's service units give it.
import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@capture-doctor/store';
import {
  startPostgresCluster,
  TEST_DATABASE_URL_ENV,
  testDatabaseUrl,
} from '@capture-doctor/store/testing';
import { startCliProcess, stopCliProcess } from '../src/test-support/cli-process.js';
import { startFakeCompanies } from '../src/test-support/fake-companies.js';
import { postgresCpuSeconds, processCpuSeconds } from './process-cpu.js';

const tenants = Number(process.env.BENCH_TENANTS ?? 40);
const members = Number(process.env.BENCH_MEMBERS ?? 500);
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 50);
const workerCounts = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const KEY = Buffer.alloc(32, 3).toString('base64');
const children: ChildProcess[] = [];
const dirs: string[] = [];

async function startCli(args: string[], env: Record<string, string>, ready: RegExp) {
  const child = await startCliProcess(args, { CAPTURE_DOCTOR_ENCRYPTION_KEY: KEY, ...env }, ready);
  children.push(child.proc);
  dirs.push(child.dataDir);
  return child;
}

const stop = stopCliProcess;

const RUNNING = /running at (http:\/\/127\.0\.0\.1:\d+)/;

/** CPU seconds a round cost, per sync: where the cores went. */
interface RoundCpu {
  workers: number;
  postgres: number;
  /** this process: the fake tenants, and the requests and polling of the bench itself */
  fakes: number;
}

interface Round {
  wallMs: number;
  cpu: RoundCpu | null;
}

// CPU seconds of the workers, PostgreSQL and this process so far (null off Linux).
function cpuNow(workerPids: (number | undefined)[], postgresPort: number): RoundCpu | null {
  const workers = workerPids.map(processCpuSeconds);
  const postgres = postgresCpuSeconds(postgresPort);
  if (postgres === null || workers.some((seconds) => seconds === null)) return null;
  const own = process.cpuUsage();
  return {
    workers: workers.reduce<number>((sum, seconds) => sum + (seconds ?? 0), 0),
    postgres,
    fakes: (own.user + own.system) / 1e6,
  };
}

function perSync(before: RoundCpu | null, after: RoundCpu | null): RoundCpu | null {
  if (before === null || after === null) return null;
  return {
    workers: (after.workers - before.workers) / tenants,
    postgres: (after.postgres - before.postgres) / tenants,
    fakes: (after.fakes - before.fakes) / tenants,
  };
}

// One round: fresh schema and tenants, `count` workers, every company's sync asked for at once.
async function syncRound(count: number, postgresPort: number): Promise<Round> {
  const databaseUrl = (await testDatabaseUrl(`scale-out-${count}-${process.pid}`)) ?? '';
  const env = { CAPTURE_DOCTOR_DATABASE_URL: databaseUrl };
  const store = await openStore({ databaseUrl, encryptionKey: KEY, logger: { warn: () => {} } });
  const companies = await startFakeCompanies(store, {
    prefix: 't',
    count: tenants,
    members,
    latencyMs,
  });
  const keys = new Map<string, string>();
  for (const id of companies.ids) {
    keys.set(id, (await store.apiKeys.create(id, { role: 'admin' })).key);
  }
  const serve = await startCli(['serve', '--no-worker', '--port', '0'], env, RUNNING);
  const url = RUNNING.exec(serve.out())?.[1] ?? '';
  const workers = await Promise.all(
    Array.from({ length: count }, () => startCli(['worker'], env, /worker: taking syncs/)),
  );
  const workerPids = workers.map(({ proc }) => proc.pid);
  const cpuBefore = cpuNow(workerPids, postgresPort);
  const started = Date.now();
  for (const id of companies.ids) {
    const res = await fetch(`${url}/v1/companies/${id}/syncs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.get(id)}` },
    });
    if (res.status !== 202) throw new Error(`POST /syncs of ${id} answered ${res.status}`);
  }
  // The queue hands syncs out in the order asked: looking at the companies in that order and
  // stopping at the first still running keeps this process's own queries (and PostgreSQL's
  // work for them) from growing with the number of tenants.
  const pending = [...companies.ids];
  while (pending.length > 0) {
    const [run] = await store.syncRuns.list(pending[0] ?? '', { limit: 1 });
    if (run?.status === 'completed' || run?.status === 'failed') pending.shift();
    else await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const wallMs = Date.now() - started;
  const cpu = perSync(cpuBefore, cpuNow(workerPids, postgresPort));
  await Promise.all([serve, ...workers].map(({ proc }) => stop(proc)));
  await companies.close();
  await store.close();
  return { wallMs, cpu };
}

// Requests per second of the member endpoint, `connections` loops at once for `seconds`.
async function memberThroughput(env: Record<string, string>): Promise<number> {
  const serve = await startCli(['serve', '--port', '0'], env, RUNNING);
  const url = RUNNING.exec(serve.out())?.[1] ?? '';
  const keys = readFileSync(join(serve.dataDir, 'demo-keys.txt'), 'utf8');
  const key = /admin\s+(cdk_\S+)/.exec(keys)?.[1] ?? '';
  const path = `${url}/v1/companies/demo/members?limit=50`;
  const load = async (ms: number) => {
    let done = 0;
    const until = Date.now() + ms;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (Date.now() < until) {
          const res = await fetch(path, { headers: { authorization: `Bearer ${key}` } });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`the member endpoint answered ${res.status}`);
          done += 1;
        }
      }),
    );
    return done;
  };
  await load(2_000);
  const done = await load(seconds * 1_000);
  await stop(serve.proc);
  return done / seconds;
}

const cluster = await startPostgresCluster();
process.env[TEST_DATABASE_URL_ENV] = cluster.url;
try {
  console.log(
    `scale-out: ${tenants} tenants of ${members} members, ${latencyMs} ms a request, one PostgreSQL`,
  );
  let oneWorker = 0;
  const postgresPort = Number(new URL(cluster.url).port);
  for (const count of workerCounts) {
    const { wallMs, cpu } = await syncRound(count, postgresPort);
    const perMinute = (tenants / wallMs) * 60_000;
    if (count === 1) oneWorker = perMinute;
    const ratio = oneWorker > 0 ? `${(perMinute / oneWorker).toFixed(2)}x one worker` : '';
    console.log(
      `  ${count} worker(s)   wall ${(wallMs / 1000).toFixed(1).padStart(7)} s   ${perMinute.toFixed(1).padStart(7)} syncs/min   ${ratio}`,
    );
    if (cpu !== null) {
      const cores = ((cpu.workers + cpu.postgres + cpu.fakes) * tenants) / (wallMs / 1000);
      console.log(
        `      CPU per sync: workers ${cpu.workers.toFixed(2)} s, PostgreSQL ${cpu.postgres.toFixed(2)} s, fake tenants and bench ${cpu.fakes.toFixed(2)} s (${cores.toFixed(2)} cores busy on average; machine load ${loadavg()[0]?.toFixed(1)})`,
      );
    }
  }
  const sqlite = await memberThroughput({ CAPTURE_DOCTOR_DATABASE_URL: '' });
  const postgresUrl = (await testDatabaseUrl(`scale-out-members-${process.pid}`)) ?? '';
  const postgres = await memberThroughput({ CAPTURE_DOCTOR_DATABASE_URL: postgresUrl });
  console.log(
    `member endpoint (limit 50, 20 at once, ${seconds} s): SQLite ${sqlite.toFixed(0)} req/s, PostgreSQL ${postgres.toFixed(0)} req/s, SQLite/PostgreSQL ${(sqlite / postgres).toFixed(2)}`,
  );
} finally {
  await Promise.all(children.map(stop));
  cluster.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
// Idle keep-alive sockets of the load loops would hold the process open after the last round.
process.exit(process.exitCode ?? 0);
