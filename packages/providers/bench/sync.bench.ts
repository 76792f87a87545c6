/**
 * Sync bench: a 10,000-member fake tenant per provider with 50 ms latency per request, the fake in
 * its own process (as the provider is another machine). Prints requests, wall time, requests per
 * member, CPU, peak RSS of the syncing process and the heap it still holds after the sync (the
 * result included, after a full GC) at 1k and 10k members, beside a naive sequential sync
 * (Microsoft: one plain GET per probe; Google: the adapter one member at a time, in one thread)
 * measured on a sample and extrapolated, as a full naive run would take 20 minutes.
 * It runs the built package (turbo builds it first), as `capture-doctor sync` does.
 *
 * Run: pnpm --filter @capture-doctor/providers bench
 * Knobs: BENCH_MEMBERS=1000,10000  BENCH_LATENCY_MS=50  BENCH_NAIVE_SAMPLE=100
 *        BENCH_GOOGLE_WORKERS=<threads that sign and probe; default: the adapter's own choice>
 *        BENCH_PROVIDERS=microsoft,google
 */
import { fork } from 'node:child_process';
import { request } from 'node:https';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { defaultProbeThreads, type ProviderSync, providerModule } from '@capture-doctor/providers';
import {
  delegatedGoogle,
  fakeServiceAccount,
  MICROSOFT_APP_ROLES,
  startGoogleFake,
  startMicrosoftFake,
} from '@capture-doctor/providers/fakes';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const SIZES = (process.env.BENCH_MEMBERS ?? '1000,10000').split(',').map(Number);
const GOOGLE_WORKERS =
  process.env.BENCH_GOOGLE_WORKERS === undefined
    ? undefined
    : Number(process.env.BENCH_GOOGLE_WORKERS);
// The bench alone asks V8 for its collector, to weigh what the sync still holds once it is done.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const NAIVE_SAMPLE = Number(process.env.BENCH_NAIVE_SAMPLE ?? 100);
const TENANT_ID = '0b8c1e4f-1111-4222-8333-944455556666';
const CLIENT_ID = '6a1d7c2e-aaaa-4bbb-8ccc-ddddeeeeffff';
const SECRET = 'bench~client-secret-0000000000';

type Provider = 'google' | 'microsoft';
interface FakeInfo {
  url: string;
  ca: string;
  rootUrl: string;
  tokenUrl: string;
  clientEmail: string;
  privateKey: string;
}
type FromParent = { type: 'count' } | { type: 'reset' } | { type: 'stop' };
// `value` is the fake's request count; `cpuS` the CPU the fake process has used so far.
type FromChild = { type: 'ready'; info: FakeInfo } | { type: 'count'; value: number; cpuS: number };

/** Child process mode: serve one fake tenant until told to stop. */
async function serveFake(provider: Provider, members: number): Promise<void> {
  const users = Array.from({ length: members }, (_, index) => ({
    id: `u${index}`,
    email: `u${index}@bench.test`,
  }));
  let info: FakeInfo;
  let fake: { requestCount: number; resetCount(): void; close(): Promise<void> };
  if (provider === 'google') {
    const account = fakeServiceAccount('bench.test');
    const google = await startGoogleFake({
      domain: 'bench.test',
      latencyMs: LATENCY_MS,
      users: [{ id: 'admin', email: 'admin@bench.test', admin: true }, ...users],
      google: delegatedGoogle(account),
    });
    fake = google;
    info = {
      url: google.url,
      ca: '',
      rootUrl: google.rootUrl,
      tokenUrl: google.tokenUrl,
      clientEmail: account.clientEmail,
      privateKey: account.privateKey,
    };
  } else {
    const microsoft = await startMicrosoftFake({
      domain: 'bench.test',
      latencyMs: LATENCY_MS,
      users,
      microsoft: {
        tenantId: TENANT_ID,
        app: { clientId: CLIENT_ID, secret: SECRET, roles: MICROSOFT_APP_ROLES },
      },
    });
    fake = microsoft;
    info = {
      url: microsoft.url,
      ca: microsoft.ca,
      rootUrl: '',
      tokenUrl: '',
      clientEmail: '',
      privateKey: '',
    };
  }
  process.on('message', (message: FromParent) => {
    if (message.type === 'count') {
      const cpu = process.cpuUsage();
      const cpuS = (cpu.user + cpu.system) / 1e6;
      process.send?.({ type: 'count', value: fake.requestCount, cpuS } satisfies FromChild);
    }
    if (message.type === 'reset') fake.resetCount();
    if (message.type === 'stop') void fake.close().then(() => process.exit(0));
  });
  process.send?.({ type: 'ready', info } satisfies FromChild);
}

interface FakeProcess {
  info: FakeInfo;
  count(): Promise<{ requests: number; cpuS: number }>;
  reset(): void;
  stop(): void;
}

function startFakeProcess(provider: Provider, members: number): Promise<FakeProcess> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve-fake', provider, String(members)], {
    execArgv: ['--import', 'tsx'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (message: FromChild) => {
      if (message.type !== 'ready') return reject(new Error('the fake did not start'));
      resolve({
        info: message.info,
        count: () =>
          new Promise((done) => {
            child.once('message', (reply: FromChild) =>
              done(
                reply.type === 'count'
                  ? { requests: reply.value, cpuS: reply.cpuS }
                  : { requests: Number.NaN, cpuS: Number.NaN },
              ),
            );
            child.send({ type: 'count' } satisfies FromParent);
          }),
        reset: () => child.send({ type: 'reset' } satisfies FromParent),
        stop: () => child.send({ type: 'stop' } satisfies FromParent),
      });
    });
  });
}

/**
 * Peak resident memory of this process while `run` runs (sampled every 20 ms), and the heap it
 * still holds once done, after a full GC, while the result is still referenced.
 */
async function withMemory<T>(
  run: () => Promise<T>,
): Promise<{ result: T; peakRssMb: number; heldMb: number }> {
  collectGarbage();
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  try {
    const result = await run();
    peak = Math.max(peak, process.memoryUsage.rss());
    collectGarbage();
    const held = process.memoryUsage().heapUsed;
    return { result, peakRssMb: toMb(peak), heldMb: toMb(held) };
  } finally {
    clearInterval(timer);
  }
}

const toMb = (bytes: number) => Math.round(bytes / 1024 / 1024);

const memberList = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ id: `u${index}`, email: `u${index}@bench.test` }));

function syncOnce(
  provider: Provider,
  info: FakeInfo,
  members?: ReturnType<typeof memberList>,
  concurrency?: number,
): Promise<ProviderSync> {
  if (provider === 'google') {
    return providerModule('google_workspace').sync({
      domain: 'bench.test',
      credentials: {
        kind: 'service_account',
        clientEmail: info.clientEmail,
        privateKey: info.privateKey,
        adminEmail: 'admin@bench.test',
      },
      endpoints: { rootUrl: info.rootUrl, tokenUrl: info.tokenUrl },
      ...(members === undefined ? {} : { members }),
      ...(concurrency === undefined ? {} : { concurrency }),
      workers: concurrency === 1 ? 1 : GOOGLE_WORKERS,
    });
  }
  return providerModule('microsoft_365').sync({
    credentials: {
      kind: 'client_secret',
      tenantId: TENANT_ID,
      clientId: CLIENT_ID,
      clientSecret: SECRET,
    },
    endpoints: { loginUrl: info.url, graphUrl: info.url, ca: info.ca },
    ...(members === undefined ? {} : { members }),
  });
}

/** The naive Microsoft sync: one app token, then one plain GET per probe, one after another. */
async function naiveMicrosoft(
  info: FakeInfo,
  members: ReturnType<typeof memberList>,
): Promise<void> {
  const call = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    new Promise<string>((resolve, reject) => {
      const req = request(new URL(path, info.url), { method, headers, ca: info.ca }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      });
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: CLIENT_ID,
    client_secret: SECRET,
    scope: 'https://graph.microsoft.com/.default',
  });
  const token = (
    JSON.parse(
      await call(
        'POST',
        `/${TENANT_ID}/oauth2/v2.0/token`,
        { 'content-type': 'application/x-www-form-urlencoded' },
        form.toString(),
      ),
    ) as { access_token: string }
  ).access_token;
  for (const member of members) {
    await call('GET', `/v1.0/users/${member.id}/mailFolders/inbox?$select=id`, {
      authorization: `Bearer ${token}`,
    });
    await call('GET', `/v1.0/users/${member.id}/events?$top=1&$select=id`, {
      authorization: `Bearer ${token}`,
    });
  }
}

/** How many threads the Google adapter probed with, as a note. */
function threads(provider: Provider, size: number): string {
  if (provider !== 'google') return '';
  const count = GOOGLE_WORKERS ?? defaultProbeThreads(size);
  return `, ${count} probing thread${count === 1 ? '' : 's'}`;
}

interface Row {
  provider: string;
  members: number;
  mode: string;
  requests: number;
  wallS: number;
  perMember: number;
  peakRssMb: number | string;
  heldMb: number | string;
  note: string;
}

async function benchProvider(provider: Provider, size: number, rows: Row[]): Promise<void> {
  const fake = await startFakeProcess(provider, size);
  try {
    fake.reset();
    const fakeBefore = await fake.count();
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const { result, peakRssMb, heldMb } = await withMemory(() =>
      syncOnce(provider, fake.info, memberList(size)),
    );
    const wallS = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    const fakeAfter = await fake.count();
    const requests = fakeAfter.requests;
    const fakeCpuS = fakeAfter.cpuS - fakeBefore.cpuS;
    const failed = result.members.filter((member) => member.lastError !== null).length;
    rows.push({
      provider,
      members: result.members.length,
      mode: 'adapter',
      requests,
      wallS,
      perMember: requests / size,
      peakRssMb,
      heldMb,
      note: `CPU ${cpuS.toFixed(1)} s (fake ${fakeCpuS.toFixed(1)} s)${threads(provider, size)}${failed === 0 ? '' : `, ${failed} members failed`}`,
    });

    if (size !== Math.max(...SIZES)) return;
    // Naive: sequential, one request per probe, on a sample (a full run would take far too long).
    const sample = memberList(Math.min(NAIVE_SAMPLE, size));
    fake.reset();
    const naiveStart = performance.now();
    if (provider === 'microsoft') await naiveMicrosoft(fake.info, sample);
    else await syncOnce('google', fake.info, sample, 1);
    const naiveWall = (performance.now() - naiveStart) / 1000;
    const naiveRequests = (await fake.count()).requests;
    // The Google naive run also reads the whole directory once; count that apart from the per-member cost.
    const fixed = provider === 'google' ? 1 + Math.ceil((size + 1) / 500) : 1;
    const perMember = (naiveRequests - fixed) / sample.length;
    const perMemberSeconds = naiveWall / sample.length;
    rows.push({
      provider,
      members: size,
      mode: 'naive sequential',
      requests: Math.round(fixed + perMember * size),
      wallS: perMemberSeconds * size,
      perMember: (fixed + perMember * size) / size,
      peakRssMb: '-',
      heldMb: '-',
      note: `extrapolated from a ${sample.length}-member sample (${naiveRequests} requests, ${naiveWall.toFixed(1)} s)`,
    });
  } finally {
    fake.stop();
  }
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const provider of (process.env.BENCH_PROVIDERS ?? 'microsoft,google').split(
    ',',
  ) as Provider[]) {
    for (const size of SIZES) await benchProvider(provider, size, rows);
  }
  console.log(
    `sync bench: ${LATENCY_MS} ms latency per request, fake tenant in a separate process, built code`,
  );
  console.log(
    '| provider | members | mode | requests | wall s | requests/member | peak RSS MB | heap held after MB | note |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) {
    console.log(
      `| ${row.provider} | ${row.members} | ${row.mode} | ${row.requests} | ${row.wallS.toFixed(1)} | ${row.perMember.toFixed(3)} | ${row.peakRssMb} | ${row.heldMb} | ${row.note} |`,
    );
  }
  const targets = { microsoft: 0.15, google: 3.1 };
  for (const row of rows.filter(
    (candidate) => candidate.mode === 'adapter' && candidate.members === Math.max(...SIZES),
  )) {
    const target = targets[row.provider as Provider];
    const verdict = row.perMember <= target && row.wallS < 60 ? 'meets' : 'MISSES';
    console.log(`${row.provider}: ${verdict} the target (<= ${target} requests/member, < 60 s)`);
  }
}

if (process.argv[2] === '--serve-fake') {
  await serveFake(process.argv[3] as Provider, Number(process.argv[4]));
} else {
  await main();
}
