/**
 * Meetings bench: reads a week of upcoming meetings for 10,000 members (about 20 events each)
 * from a fake tenant in its own process with 50 ms latency per request, per provider, and prints
 * requests per member, wall time and peak memory; then times the verdicts of 200,000 meetings.
 * Targets: Microsoft ≤ 0.1 requests per member (calendarView batched with the probes), Google ≤
 * 1.1 per member beyond its token exchange, each under 60 s; 200,000 verdicts under 2 s of CPU.
 * "requests per member" is the whole sync: every request but Google's per-member token exchanges
 * (the directory and the mailbox probe too). "calendar reads per member" is what the meetings
 * cost, counted by the fake: Google's events.list calls (every page); Microsoft's calendarView
 * entries as their share of 20-entry $batch calls, plus any nextLink pages. "sync CPU" is this
 * process's CPU during the sync, "fake CPU" the fake's: on a small machine they share the cores.
 *
 * Run: pnpm --filter @capture-doctor/providers exec tsx bench/meetings.bench.ts
 * Knobs: BENCH_MEMBERS=10000  BENCH_LATENCY_MS=50  BENCH_VERDICTS=200000  BENCH_PROVIDERS=microsoft,google
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UpcomingMeeting } from '@capture-doctor/domain';
import { createMeetingEvaluator, loadMeetingRules, rulesRoot } from '@capture-doctor/engine';
import { providerModule } from '@capture-doctor/providers';
import {
  delegatedGoogle,
  type FakeEvent,
  fakeServiceAccount,
  MICROSOFT_APP_ROLES,
  startGoogleFake,
  startMicrosoftFake,
} from '@capture-doctor/providers/fakes';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 10_000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const VERDICTS = Number(process.env.BENCH_VERDICTS ?? 200_000);
const PROVIDERS = (process.env.BENCH_PROVIDERS ?? 'microsoft,google').split(',').filter(Boolean);
const DOMAIN = 'meetings.bench';
const MS = {
  tenantId: '0b8c1e4f-1111-4222-8333-944455556666',
  clientId: 'bench-client',
  secret: 'bench~secret-0000000000',
};
const START = new Date(Date.UTC(2030, 0, 7, 8));
const WINDOW = {
  from: START.toISOString(),
  to: new Date(START.getTime() + 7 * 86_400_000).toISOString(),
};
const email = (index: number) => `u${index % MEMBERS}@${DOMAIN}`;

/** Each member organises two daily meetings of five days with the next two members: 20 events per calendar. */
function benchEvents(): FakeEvent[] {
  return Array.from({ length: MEMBERS }, (_, index) =>
    [1, 2].map(
      (step): FakeEvent => ({
        id: `m${index}x${step}`,
        title: `Meeting ${index}/${step}`,
        start: new Date(START.getTime() + (step * 2 + (index % 8)) * 3_600_000).toISOString(),
        durationMinutes: 30,
        recurrence: { every: 'day', count: 5 },
        organizer: email(index),
        attendees: [{ email: email(index + step), response: 'accepted' }],
        visibility: 'normal',
        cancelled: false,
        conferencing: 'native',
      }),
    ),
  ).flat();
}

type Fake = {
  kind: string;
  url: string;
  rootUrl: string;
  tokenUrl: string;
  ca: string;
  clientEmail: string;
  privateKey: string;
};

async function serve(kind: string): Promise<void> {
  const users = Array.from({ length: MEMBERS }, (_, index) => ({
    id: `u${index}`,
    email: email(index),
  }));
  const account = fakeServiceAccount(DOMAIN);
  const base = { domain: DOMAIN, latencyMs: LATENCY_MS, events: benchEvents() };
  const fake =
    kind === 'google'
      ? await startGoogleFake({
          ...base,
          users: [{ id: 'admin', email: `admin@${DOMAIN}`, admin: true }, ...users],
          google: delegatedGoogle(account),
        })
      : await startMicrosoftFake({
          ...base,
          users,
          microsoft: {
            tenantId: MS.tenantId,
            app: { clientId: MS.clientId, secret: MS.secret, roles: MICROSOFT_APP_ROLES },
          },
        });
  const info: Fake = {
    kind,
    url: fake.url,
    rootUrl: 'rootUrl' in fake ? fake.rootUrl : '',
    tokenUrl: 'tokenUrl' in fake ? fake.tokenUrl : '',
    ca: fake.ca ?? '',
    clientEmail: account.clientEmail,
    privateKey: account.privateKey,
  };
  const cpu = process.cpuUsage();
  process.on('message', (message: string) => {
    if (message === 'count') {
      const counts: Counts = {
        requests: fake.requestCount,
        calendarRequests: calendarRequests(fake.servedReads),
        cpuS: cpuSeconds(process.cpuUsage(cpu)),
      };
      process.send?.(counts);
    }
    if (message === 'stop') void fake.close().then(() => process.exit(0));
  });
  process.send?.(info);
}

type Counts = {
  requests: number;
  calendarRequests: { count: number; detail: string };
  cpuS: number;
};

/**
 * The requests the calendar reads cost: Google's events.list calls; Microsoft's calendarView
 * entries in 20-entry $batch calls, plus its pages outside a batch (nextLink pages).
 */
function calendarRequests(
  served: { calendar: number } | { calendar: number; batched: { calendar: number } },
): { count: number; detail: string } {
  if (!('batched' in served)) return { count: served.calendar, detail: 'events.list calls' };
  const alone = served.calendar - served.batched.calendar;
  return {
    count: served.batched.calendar / 20 + alone,
    detail: `${served.batched.calendar} entries of 20 per $batch + ${alone} nextLink pages`,
  };
}

const cpuSeconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;

function ask<T>(child: ReturnType<typeof fork>, message?: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (reply) => resolve(reply as T));
    if (message !== undefined) child.send(message);
  });
}

async function readWeek(kind: string): Promise<string> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', kind], {
    execArgv: ['--import', 'tsx'],
  });
  const fake = await ask<Fake>(child);
  const members = Array.from({ length: MEMBERS }, (_, index) => ({
    id: `u${index}`,
    email: email(index),
  }));
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  const started = Date.now();
  const cpu = process.cpuUsage();
  let events = 0;
  const onMember = (facts: { events?: unknown[] | undefined }) => {
    events += facts.events?.length ?? 0;
  };
  const common = { domain: DOMAIN, members, eventWindow: WINDOW, onMember };
  if (kind === 'google')
    await providerModule('google_workspace').sync({
      ...common,
      credentials: {
        kind: 'service_account',
        clientEmail: fake.clientEmail,
        privateKey: fake.privateKey,
        adminEmail: `admin@${DOMAIN}`,
      },
      endpoints: { rootUrl: fake.rootUrl, tokenUrl: fake.tokenUrl },
    });
  else
    await providerModule('microsoft_365').sync({
      ...common,
      credentials: {
        kind: 'client_secret',
        tenantId: MS.tenantId,
        clientId: MS.clientId,
        clientSecret: MS.secret,
      },
      endpoints: { loginUrl: fake.url, graphUrl: fake.url, ca: fake.ca },
    });
  const wallS = (Date.now() - started) / 1000;
  const syncCpuS = cpuSeconds(process.cpuUsage(cpu));
  clearInterval(sampler);
  const { requests, calendarRequests, cpuS } = await ask<Counts>(child, 'count');
  child.send('stop');
  // Google exchanges one token per member besides its reads; the target counts what is beyond it.
  const beyondTokens = kind === 'google' ? requests - MEMBERS : requests;
  const perMember = (count: number) => (count / MEMBERS).toFixed(3);
  return `| ${kind} | ${MEMBERS} | ${events} | ${requests} | ${perMember(beyondTokens)} | ${perMember(calendarRequests.count)} (${calendarRequests.detail}) | ${wallS.toFixed(1)} s | ${syncCpuS.toFixed(1)} s | ${cpuS.toFixed(1)} s | ${Math.round(peak / 2 ** 20)} MiB |`;
}

function verdicts(): string {
  const baseline = JSON.parse(
    readFileSync(join(rulesRoot(), 'meetings', 'cases-baseline.json'), 'utf8'),
  ).meeting;
  const evaluator = createMeetingEvaluator(loadMeetingRules());
  const links = [
    baseline.event.joinUrl,
    null,
    'https://meet.jit.si/x',
    'https://urldefense.com/v3/__y',
  ];
  const meetings = Array.from({ length: 1000 }, (_, index) =>
    UpcomingMeeting.parse({
      ...baseline,
      event: {
        ...baseline.event,
        joinUrl: links[index % links.length],
        visibility: index % 7 === 0 ? 'private' : 'normal',
      },
      host: { ...baseline.host, microphone: index % 5 === 0 ? 'red' : 'green' },
    }),
  );
  const before = process.cpuUsage();
  const counts = { will_record: 0, at_risk: 0, will_not_record: 0 };
  for (let index = 0; index < VERDICTS; index++)
    counts[evaluator.evaluate(meetings[index % meetings.length]!).verdict]++;
  const cpu = process.cpuUsage(before);
  return `${VERDICTS} verdicts in ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s of CPU (${JSON.stringify(counts)})`;
}

if (process.argv[2] === '--serve') {
  await serve(process.argv[3] ?? 'microsoft');
} else {
  console.info(
    '| provider | members | events read | requests | requests per member | calendar reads per member | wall | sync CPU | fake CPU | peak RSS |',
  );
  console.info('|---|---|---|---|---|---|---|---|---|---|');
  for (const kind of PROVIDERS) console.info(await readWeek(kind));
  console.info(verdicts());
}
