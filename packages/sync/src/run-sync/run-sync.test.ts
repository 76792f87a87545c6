import { type AddressInfo, createServer } from 'node:net';
import {
  type DemoFakes,
  startDemoFakes,
  startMicrosoftFake,
} from '@capture-doctor/providers/fakes';
import type { Store } from '@capture-doctor/store';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectFromSyncInput } from '../connect-from-input/connect-from-input.js';
import {
  allBytes,
  FAST,
  GOOGLE_EXPECTED,
  MICROSOFT_EXPECTED,
  openTestStore,
  outcome,
  PLATFORM,
  seedDemoCompany,
  TEST_NOW,
  tempDir,
  testClock,
  USER_BY_USER_EXPECTED,
} from '../test-support/test-support.js';
import { runSync, type SyncLogLine, type SyncProgressEvent } from './run-sync.js';

let demo: DemoFakes;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  demo = await startDemoFakes({ meetingsFrom: new Date(TEST_NOW) });
});
afterAll(async () => {
  await demo.close();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The URL of a loopback port that was just closed. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

async function freshStore(): Promise<{ store: Store; dir: string }> {
  const { dir, cleanup } = tempDir();
  const store = await openTestStore(dir);
  cleanups.push(cleanup, () => store.close());
  return { store, dir };
}

describe('runSync against the demo tenants', () => {
  it('a sync of the Google tenant stores a snapshot and a report that match the tenant data', async () => {
    const { store } = await freshStore();
    await seedDemoCompany(store, demo, 'google');
    const events: SyncProgressEvent[] = [];
    const result = await runSync({
      store,
      companyId: 'acme',
      clock: testClock,
      tuning: FAST,
      onProgress: (event) => events.push(event),
    });
    expect(result.status).toBe('completed');
    expect(outcome(result.report!)).toEqual(GOOGLE_EXPECTED);
    const stored = await store.evaluations.latest('acme');
    expect(stored?.id).toBe(result.evaluationId);
    expect(stored?.snapshotId).toBe(result.snapshotId);
    expect(outcome(stored!.report)).toEqual(GOOGLE_EXPECTED);
    const run = await store.syncRuns.byId('acme', result.runId);
    expect(run?.status).toBe('completed');
    expect(events[0]).toMatchObject({ phase: 'preparing' });
    expect(events.at(-1)).toEqual({ phase: 'completed', runId: result.runId, done: 7, total: 7 });
    const reading = events.filter((event) => event.phase === 'reading');
    expect(reading.at(-1)).toMatchObject({ done: 7, total: 7 });
    // done never goes back: a progress bar only moves forward.
    expect(reading.map((e) => e.done)).toEqual(
      [...reading.map((e) => e.done)].sort((a, b) => a - b),
    );
  });

  it('a sync of the Microsoft tenant, company-wide, gives each member the colours its data implies', async () => {
    const { store } = await freshStore();
    await seedDemoCompany(store, demo, 'microsoft');
    const result = await runSync({ store, companyId: 'acme', clock: testClock, tuning: FAST });
    expect(outcome(result.report!)).toEqual(MICROSOFT_EXPECTED);
  });

  it('a user-by-user Microsoft sync uses each member refresh token and shows broken and missing connections', async () => {
    const { store } = await freshStore();
    await seedDemoCompany(store, demo, 'microsoft-user-by-user');
    const result = await runSync({ store, companyId: 'acme', clock: testClock, tuning: FAST });
    expect(outcome(result.report!)).toEqual(USER_BY_USER_EXPECTED);
    const [connection] = await store.connections.list('acme');
    const tokens = (await store.credentials.list('acme', connection!.id)).filter(
      (c) => c.kind === 'refresh_token',
    );
    const satyaToken = tokens.find((c) => c.memberId === 'm-satya');
    const reads = await store.ingestionAudit.list('acme', { memberId: 'm-satya' });
    expect(reads.map((r) => [r.resource, r.credentialId])).toEqual([
      ['mailbox', satyaToken!.id],
      ['calendar', satyaToken!.id],
    ]);
    // No token, no read: a member who never connected has nothing in the trail.
    expect(await store.ingestionAudit.list('acme', { memberId: 'm-brad' })).toEqual([]);
  });

  it("the company's acknowledgements, read when the run starts, reach the evaluation of its snapshot", async () => {
    const { store } = await freshStore();
    await seedDemoCompany(store, demo, 'microsoft');
    const asked: string[] = [];
    const acknowledgement = {
      memberId: 'm-brad',
      ruleId: 'access-blocked-by-policy',
      reason: 'kept out of capture on purpose',
      by: 'admin@acme.test',
      expiresAt: '2027-01-01T00:00:00.000Z',
    };
    const result = await runSync({
      store,
      companyId: 'acme',
      clock: testClock,
      tuning: FAST,
      acknowledgementsFor: async (companyId) => {
        asked.push(companyId);
        return [acknowledgement];
      },
    });
    expect(asked).toEqual(['acme']);
    const brad = result.report!.members.find((member) => member.id === 'm-brad');
    expect(brad?.findings.find((f) => f.ruleId === 'access-blocked-by-policy')).toMatchObject({
      acknowledgement,
    });
    const stored = await store.evaluations.latest('acme');
    expect(stored!.report).toEqual(result.report);
  });

  it('platform facts given by the caller override the connection settings', async () => {
    const { store } = await freshStore();
    await seedDemoCompany(store, demo, 'microsoft');
    const result = await runSync({
      store,
      companyId: 'acme',
      clock: testClock,
      tuning: FAST,
      platform: { members: { 'm-satya': { seat: null } } },
    });
    const snapshot = (await store.snapshots.latest('acme'))!.snapshot;
    expect(snapshot.members.find((m) => m.id === 'm-satya')?.seat).toBeNull();
    expect(snapshot.company.crmConnected).toBe(true);
    expect(outcome(result.report!)['m-satya']).not.toBe('green/green/green ');
  });

  it('a company without members is read from the directory and its members are kept for the next sync', async () => {
    const { store } = await freshStore();
    await store.companies.create({ id: 'acme', name: 'Acme' });
    await connectFromSyncInput(
      store,
      'acme',
      { provider: 'google_workspace', input: demo.googleCompanyWide },
      { platform: PLATFORM, withMembers: false },
    );
    const result = await runSync({ store, companyId: 'acme', clock: testClock, tuning: FAST });
    const ids = result.report!.members.map((m) => m.id).sort();
    // The directory lists the admin too, and not g-alan (only the platform knew of Alan).
    expect(ids).toEqual(
      ['g-ada', 'g-admin', 'g-barbara', 'g-grace', 'g-ken', 'g-linus', 'g-margaret'].sort(),
    );
    expect((await store.members.list('acme')).map((m) => m.id).sort()).toEqual(ids);
  });
});

describe('upcoming meetings', () => {
  it.each([
    ['google', 'g-ada'],
    ['microsoft', 'm-satya'],
  ] as const)(
    'a sync of the %s tenant stores each meeting of the week once, with its verdict and reasons',
    async (tenant, owner) => {
      const { store } = await freshStore();
      await seedDemoCompany(store, demo, tenant);
      const result = await runSync({ store, companyId: 'acme', clock: testClock, tuning: FAST });
      const window = { from: TEST_NOW, to: '2026-11-29T10:00:00.000Z' };
      const meetings = await store.calendarMeetings.list('acme', { ...window, limit: 100 });
      expect(result.meetings).toBe(meetings.length);
      const byTitle = (title: string) => meetings.filter((m) => m.event.title === title);
      expect(byTitle('Daily stand-up')).toHaveLength(5);
      expect(new Set(meetings.map((m) => m.key)).size).toBe(meetings.length);
      const reasons = (title: string) =>
        byTitle(title).flatMap((m) => m.reasons.map((r) => r.ruleId));
      expect(reasons('Pricing call')).toEqual(['link-rewritten-by-gateway']);
      expect(reasons('Supplier call')).toEqual(['phone-only']);
      expect(reasons('Community sync')).toEqual(['conferencing-not-joined']);
      expect(meetings.find((m) => m.event.visibility === 'private')?.reasons[0]?.ruleId).toBe(
        'private-event',
      );
      for (const meeting of meetings) {
        if (meeting.event.title !== 'Quarterly review') expect(meeting.hostMemberId).toBe(owner);
        if (meeting.verdict === 'will_not_record')
          expect(meeting.reasons.length).toBeGreaterThan(0);
      }
      const mine = await store.calendarMeetings.list('acme', {
        ...window,
        limit: 100,
        memberId: owner,
      });
      expect(mine).toHaveLength(meetings.length);
    },
  );

  it('the same meeting on two members’ calendars is one meeting listing both', async () => {
    const { store } = await freshStore();
    await seedDemoCompany(store, demo, 'google');
    await runSync({ store, companyId: 'acme', clock: testClock, tuning: FAST });
    const meetings = await store.calendarMeetings.list('acme', {
      from: TEST_NOW,
      to: '2026-11-29T10:00:00.000Z',
      limit: 100,
    });
    const standups = meetings.filter((m) => m.event.title === 'Daily stand-up');
    expect(standups.map((m) => m.memberIds.sort())).toEqual(
      Array.from({ length: 5 }, () => ['g-ada', 'g-margaret']),
    );
    // Ada declined the review Margaret organises, and Margaret's capture fails: judged from
    // either calendar it is not recorded; the organizer's reasons are the ones kept.
    const review = meetings.find((m) => m.event.title === 'Quarterly review');
    expect(review).toMatchObject({ hostMemberId: 'g-margaret', verdict: 'will_not_record' });
    expect(review?.reasons.map((r) => r.ruleId)).toContain('host-capture-not-working');
  });

  it('a connection set to read no meetings stores none', async () => {
    const { store } = await freshStore();
    await seedDemoCompany(store, demo, 'google');
    const [connection] = await store.connections.list('acme');
    await store.connections.update('acme', connection!.id, {
      settings: { ...connection!.settings, meetingWindowDays: 0 },
    });
    const result = await runSync({ store, companyId: 'acme', clock: testClock, tuning: FAST });
    expect(result.meetings).toBe(0);
    const reads = await store.ingestionAudit.list('acme');
    expect(reads.find((r) => r.memberId === 'g-ada' && r.resource === 'calendar')?.itemCount).toBe(
      1,
    );
  });
});

describe('the ingestion audit trail', () => {
  it('records each mailbox and calendar read with its member, kind, outcome, item count, time and credential', async () => {
    const { store } = await freshStore();
    await seedDemoCompany(store, demo, 'google');
    await runSync({ store, companyId: 'acme', clock: testClock, tuning: FAST });
    const [connection] = await store.connections.list('acme');
    const [key] = await store.credentials.list('acme', connection!.id);
    const reads = await store.ingestionAudit.list('acme');
    const byMember = (id: string) =>
      reads
        .filter((r) => r.memberId === id)
        .map((r) => `${r.resource} ${r.readKind} ${r.outcome} ${r.errorCode} ${r.itemCount}`)
        .sort();
    // The calendar read is the week of upcoming meetings: Ada's holds ten, Grace's none.
    expect(byMember('g-ada')).toEqual([
      'calendar calendar.events.list ok null 10',
      'mailbox gmail.users.getProfile ok null 0',
    ]);
    // Grace has no Gmail: the mailbox was asked for anyway, and the trail says it failed.
    expect(byMember('g-grace')).toEqual([
      'calendar calendar.events.list ok null 0',
      'mailbox gmail.users.getProfile failed mailbox_not_enabled 0',
    ]);
    // Outside the scope, suspended, or unknown to Google: no mailbox was asked for.
    for (const id of ['g-barbara', 'g-linus', 'g-alan']) expect(byMember(id)).toEqual([]);
    expect(new Set(reads.map((r) => r.credentialId))).toEqual(new Set([key!.id]));
    for (const read of reads) expect(new Date(read.at).toISOString()).toBe(read.at);
  });
});

describe('when the provider cannot be reached', () => {
  it('every Google member turns red with provider-connectivity-problem, none green, none missing', async () => {
    const { store } = await freshStore();
    await seedDemoCompany(store, demo, 'google');
    const gone = await closedPortUrl();
    const result = await runSync({
      store,
      companyId: 'acme',
      clock: testClock,
      tuning: FAST,
      // A port nothing listens on any more: the connection is refused.
      endpoints: { rootUrl: `${gone}/`, tokenUrl: `${gone}/token` },
    });
    const report = result.report!;
    expect(report.members).toHaveLength(7);
    for (const member of report.members) {
      expect(member.icons).toEqual({ microphone: 'red', calendar: 'red', email: 'red' });
      expect(member.findings.map((f) => f.ruleId)).toContain('provider-connectivity-problem');
    }
    expect(await store.ingestionAudit.list('acme')).toEqual([]);
  });

  it('every Microsoft member turns red with provider-connectivity-problem', async () => {
    const { store } = await freshStore();
    const fake = await startMicrosoftFake({
      domain: 'gone.test',
      users: [],
      microsoft: {
        tenantId: 't-gone',
        app: { clientId: 'c-1', secret: 'gone-secret-0001', roles: [] },
      },
    });
    const input = {
      credentials: {
        kind: 'client_secret' as const,
        tenantId: 't-gone',
        clientId: 'c-1',
        clientSecret: 'gone-secret-0001',
      },
      endpoints: { loginUrl: fake.loginUrl, graphUrl: fake.graphUrl, ca: fake.ca },
      members: [
        { id: 'a', email: 'a@gone.test' },
        { id: 'b', email: 'b@gone.test' },
      ],
    };
    await fake.close();
    await store.companies.create({ id: 'acme', name: 'Acme' });
    await connectFromSyncInput(
      store,
      'acme',
      { provider: 'microsoft_365', input },
      { platform: PLATFORM },
    );
    const result = await runSync({ store, companyId: 'acme', clock: testClock, tuning: FAST });
    expect(outcome(result.report!)).toEqual({
      a: 'red/red/red provider-connectivity-problem',
      b: 'red/red/red provider-connectivity-problem',
    });
  });
});

describe('secrets', () => {
  it('never appear in logs, stored errors, snapshots, reports or the audit trail, even when the provider echoes them', async () => {
    const { store, dir } = await freshStore();
    const secret = 'echoed-secret-value-7f3a9c';
    const fake = await startMicrosoftFake({
      domain: 'echo.test',
      echoCredentialsInErrors: true,
      users: [{ id: 'a', email: 'a@echo.test' }],
      microsoft: {
        tenantId: 't-echo',
        app: { clientId: 'c-echo', secret, secretExpired: true, roles: ['Mail.Read'] },
      },
    });
    cleanups.push(() => fake.close());
    await store.companies.create({ id: 'acme', name: 'Acme' });
    await connectFromSyncInput(
      store,
      'acme',
      {
        provider: 'microsoft_365',
        input: {
          credentials: {
            kind: 'client_secret',
            tenantId: 't-echo',
            clientId: 'c-echo',
            clientSecret: secret,
          },
          endpoints: { loginUrl: fake.loginUrl, graphUrl: fake.graphUrl, ca: fake.ca },
          members: [{ id: 'a', email: 'a@echo.test' }],
        },
      },
      { platform: PLATFORM },
    );
    const lines: SyncLogLine[] = [];
    const result = await runSync({
      store,
      companyId: 'acme',
      clock: testClock,
      tuning: FAST,
      log: (line) => lines.push(line),
    });
    expect(outcome(result.report!)).toEqual({ a: 'red/red/red provider-authorization-failed' });
    expect(lines.length).toBeGreaterThan(0);
    const run = await store.syncRuns.byId('acme', result.runId);
    const texts = [
      JSON.stringify(lines),
      JSON.stringify(run),
      JSON.stringify(await store.syncRuns.memberResults(result.runId)),
      JSON.stringify(await store.snapshots.latest('acme')),
      JSON.stringify(await store.evaluations.latest('acme')),
      JSON.stringify(await store.ingestionAudit.list('acme')),
      JSON.stringify(await store.auditLog.list('acme')),
    ];
    for (const text of texts) expect(text).not.toContain(secret);
    await store.close();
    // Only the credential's ciphertext is on disk: not one byte of the secret in the clear.
    expect(allBytes(dir).includes(Buffer.from(secret))).toBe(false);
  });
});

describe('a sync that fails', () => {
  it('ends its run as failed, and neither the stored error nor the thrown one quotes a secret', async () => {
    const { store } = await freshStore();
    await seedDemoCompany(store, demo, 'microsoft');
    const secret = demo.microsoftCompanyWide.credentials;
    const clientSecret = secret.kind === 'client_secret' ? secret.clientSecret : '';
    expect(clientSecret.length).toBeGreaterThan(8);
    let runId = '';
    const failing = runSync({
      store,
      companyId: 'acme',
      clock: testClock,
      tuning: FAST,
      onStarted: (started) => {
        runId = started.runId;
      },
      // A consumer that fails with a text holding the secret, as a library's error might.
      onProgress: (event) => {
        if (event.phase === 'evaluating') throw new Error(`could not show ${clientSecret}`);
      },
    });
    const error = await failing.then(
      () => null,
      (caught: unknown) => caught as Error,
    );
    expect(error).toMatchObject({ code: 'failed' });
    expect(error?.message).toContain('could not show [redacted]');
    const run = await store.syncRuns.byId('acme', runId);
    expect(run).toMatchObject({ status: 'failed', error: 'could not show [redacted]' });
    expect(JSON.stringify(run)).not.toContain(clientSecret);
    const entries = await store.auditLog.list('acme', { action: 'sync.fail' });
    expect(entries.map((e) => e.details)).toEqual([{ error: 'could not show [redacted]' }]);
  });
});

describe('bad configuration', () => {
  it('a company without a provider connection is refused with not_found, naming the company', async () => {
    const { store } = await freshStore();
    await store.companies.create({ id: 'acme', name: 'Acme' });
    await expect(runSync({ store, companyId: 'acme' })).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('"acme" has no provider connection'),
    });
    await expect(runSync({ store, companyId: 'nobody' })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await store.syncRuns.list('acme')).toEqual([]);
  });

  it('a second sync while one runs in this process is a conflict', async () => {
    const { store } = await freshStore();
    await seedDemoCompany(store, demo, 'microsoft-user-by-user');
    let second: Promise<unknown> | undefined;
    const first = runSync({
      store,
      companyId: 'acme',
      clock: testClock,
      tuning: FAST,
      onStarted: () => {
        second = runSync({ store, companyId: 'acme', clock: testClock, tuning: FAST });
        second.catch(() => {});
      },
    });
    await first;
    await expect(second).rejects.toMatchObject({ code: 'conflict' });
  });
});
