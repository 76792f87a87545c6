// The API under load: autocannon against POST /v1/evaluate with a 1,000-member snapshot and
// against the member endpoint, on 127.0.0.1, for a bounded time each. Prints req/s and p50/p99.
// /healthz runs first as the floor: autocannon and the server share this machine's cores, so
// no route can answer faster than that one.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 200);

interface Scenario {
  title: string;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  connections: number;
}

function thousandMembers(): string {
  const demo = JSON.parse(
    readFileSync(fileURLToPath(new URL('../demo/demo-snapshot.json', import.meta.url)), 'utf8'),
  );
  const members = Array.from({ length: 1000 }, (_, i) => {
    const template = demo.members[i % demo.members.length];
    const id = `b${String(i).padStart(4, '0')}`;
    return { ...template, id, email: `${id}@northwind.example`, name: `Member ${i}` };
  });
  return JSON.stringify({ ...demo, members });
}

// The server's CPU time (user + system, µs) from /proc, where there is one: on a machine shared
// with other work, CPU per request moves much less than requests per second do.
function serverCpuMicros(): number | null {
  const stat = `/proc/${child.pid}/stat`;
  if (!existsSync(stat)) return null;
  const fields = readFileSync(stat, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * (1_000_000 / 100);
}

interface Measured {
  perSecond: number;
  /** the server's CPU µs per request, or null without /proc */
  cpuPerRequest: number | null;
}

async function run(url: string, key: string, scenario: Scenario): Promise<Measured> {
  const load = (duration: number) =>
    autocannon({
      url: `${url}${scenario.path}`,
      timeout: 30,
      method: scenario.method,
      connections: scenario.connections,
      duration,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(scenario.body ? { body: scenario.body } : {}),
    });
  // Unmeasured warm-up: the first requests compile code paths and fill the caches.
  await load(2);
  const cpuBefore = serverCpuMicros();
  const result = await load(seconds);
  const cpuAfter = serverCpuMicros();
  const cpuPerRequest =
    cpuBefore === null || cpuAfter === null || result.requests.total === 0
      ? null
      : (cpuAfter - cpuBefore) / result.requests.total;
  const failed = result.non2xx + result.errors + result.timeouts;
  const cpu = cpuPerRequest === null ? '' : `   server CPU ${cpuPerRequest.toFixed(0)} µs/request`;
  console.log(
    `${scenario.title.padEnd(46)} ${String(Math.round(result.requests.average)).padStart(6)} req/s   p50 ${String(result.latency.p50).padStart(5)} ms   p99 ${String(result.latency.p99).padStart(5)} ms   (${result.requests.total} requests, ${failed} failed)${cpu}`,
  );
  if (failed > 0) process.exitCode = 1;
  return { perSecond: result.requests.average, cpuPerRequest };
}

const child = spawn(
  process.execPath,
  [
    // The built server, as `pnpm start` runs it (turbo builds it before the bench): a 32 MB
    // young generation lets the short-lived objects of each request die young, which keeps
    // old-generation collections, and the latency spikes they cause, rarer under load.
    '--max-semi-space-size=32',
    '--import',
    'tsx',
    fileURLToPath(new URL('./bench-server.ts', import.meta.url)),
  ],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
try {
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const { url, key } = JSON.parse(line) as { url: string; key: string };
  console.log(`API bench: ${seconds}s per scenario on ${url} (server in its own process)`);
  // The floor on this machine: a route with no key to check and nothing to read.
  const floor = await run(url, key, {
    title: `GET /healthz (${connections} connections)`,
    method: 'GET',
    path: '/healthz',
    connections,
  });
  const member = await run(url, key, {
    title: `GET member (${connections} connections)`,
    method: 'GET',
    path: '/v1/companies/demo/members/m17',
    connections,
  });
  console.log(
    `member endpoint / healthz: ${(member.perSecond / floor.perSecond).toFixed(2)}x in this run (target >= 0.8x)`,
  );
  if (member.cpuPerRequest !== null && floor.cpuPerRequest !== null) {
    // The same ratio from the server's CPU per request: what it would be were the server alone
    // on its core, as on a quiet machine; read this one when the machine is busy with other work.
    console.log(
      `member endpoint / healthz by server CPU per request: ${(floor.cpuPerRequest / member.cpuPerRequest).toFixed(2)}x`,
    );
  }
  await run(url, key, {
    title: 'POST /v1/evaluate, 1,000 members (1 connection)',
    method: 'POST',
    path: '/v1/evaluate',
    body: thousandMembers(),
    connections: 1,
  });
  await run(url, key, {
    title: `POST /v1/evaluate, 1,000 members (${connections} connections)`,
    method: 'POST',
    path: '/v1/evaluate',
    body: thousandMembers(),
    connections,
  });
} finally {
  child.kill('SIGTERM');
  await once(child, 'exit');
}
