import { afterAll, describe, expect, it } from 'vitest';
import { sampleMeetings } from '../fakes/fake-calendar/sample-meetings.js';
import type { FakeTenantInput } from '../fakes/fake-tenant/fake-tenant.js';
import {
  delegatedGoogle,
  fakeServiceAccount,
  type GoogleFake,
  startGoogleFake,
} from '../fakes/google-fake/google-fake.js';
import { type MicrosoftFake, startMicrosoftFake } from '../fakes/microsoft-fake/microsoft-fake.js';
import { syncGoogleWorkspace } from '../google-workspace/google-reads.js';
import { syncMicrosoft365 } from '../microsoft-365/microsoft-reads.js';
import { MICROSOFT_APP_ROLES } from '../microsoft-365/microsoft-scopes.js';
import type { ProviderMemberFacts, ProviderRead } from '../provider-facts/provider-facts.js';
import { firstLink, mentionsDialIn, utcInstant } from './calendar-events.js';

const START = new Date('2026-12-07T08:00:00.000Z');
const window = {
  from: START.toISOString(),
  to: new Date(START.getTime() + 7 * 86_400_000).toISOString(),
};
const account = fakeServiceAccount('acme.test');
const TENANT_ID = '0b8c1e4f-1111-4222-8333-944455556666';
const CLIENT_ID = '6a1d7c2e-aaaa-4bbb-8ccc-ddddeeeeffff';
const SECRET = 'Q~fake-client-secret-value-0123456789';

const users = [
  { id: 'ana', email: 'ana@acme.test', admin: true },
  { id: 'ben', email: 'ben@acme.test' },
];
const members = users.map(({ id, email }) => ({ id, email }));

function tenant(extra: Partial<FakeTenantInput> = {}): FakeTenantInput {
  return {
    domain: 'acme.test',
    users,
    events: sampleMeetings('acme.test', 'ana', 'ben', START),
    google: delegatedGoogle(account),
    microsoft: {
      tenantId: TENANT_ID,
      app: { clientId: CLIENT_ID, secret: SECRET, roles: MICROSOFT_APP_ROLES },
    },
    ...extra,
  };
}

const running: Array<GoogleFake | MicrosoftFake> = [];
afterAll(async () => {
  await Promise.all(running.map((fake) => fake.close()));
});

async function readGoogle(extra: Partial<FakeTenantInput> = {}, deleteAfterFirstPage = false) {
  let pages = 0;
  const fake = await startGoogleFake(tenant(extra), {
    afterEventsPage: () => {
      pages++;
      if (deleteAfterFirstPage && pages === 1) {
        const index = fake.tenant.events.findIndex((event) => event.id === 'jitsi');
        fake.tenant.events.splice(index, 1);
      }
    },
  });
  running.push(fake);
  const reads: ProviderRead[] = [];
  const sync = await syncGoogleWorkspace({
    domain: 'acme.test',
    credentials: {
      kind: 'service_account',
      clientEmail: account.clientEmail,
      privateKey: account.privateKey,
      adminEmail: 'ana@acme.test',
    },
    endpoints: { rootUrl: fake.rootUrl, tokenUrl: fake.tokenUrl },
    members,
    eventWindow: window,
    maxRetryWaitMs: 10,
    onRead: (read) => {
      reads.push(read);
    },
  });
  return { sync, reads, fake, pages };
}

async function readMicrosoft(extra: Partial<FakeTenantInput> = {}, deleteAfterFirstPage = false) {
  let pages = 0;
  const fake = await startMicrosoftFake(tenant(extra), {
    afterEventsPage: () => {
      pages++;
      if (deleteAfterFirstPage && pages === 1) {
        const index = fake.tenant.events.findIndex((event) => event.id === 'jitsi');
        fake.tenant.events.splice(index, 1);
      }
    },
  });
  running.push(fake);
  const reads: ProviderRead[] = [];
  fake.resetCount();
  const sync = await syncMicrosoft365({
    domain: 'acme.test',
    credentials: {
      kind: 'client_secret',
      tenantId: TENANT_ID,
      clientId: CLIENT_ID,
      clientSecret: SECRET,
    },
    endpoints: { loginUrl: fake.loginUrl, graphUrl: fake.graphUrl, ca: fake.ca },
    members,
    eventWindow: window,
    maxRetryWaitMs: 10,
    onRead: (read) => {
      reads.push(read);
    },
  });
  return { sync, reads, fake, pages };
}

const eventsOf = (facts: ProviderMemberFacts[], id: string) =>
  facts.find((member) => member.id === id)?.events ?? [];

describe.each([
  ['Google Calendar events.list', readGoogle],
  ['Microsoft Graph calendarView', readMicrosoft],
] as const)('%s, through the real client library', (_name, read) => {
  it('lists every occurrence of a recurring meeting, in the window, with the owner’s answer', async () => {
    const { sync } = await read();
    const ana = eventsOf(sync.members, 'ana');
    expect(ana.filter((event) => event.title === 'Daily stand-up')).toHaveLength(5);
    expect(ana).toHaveLength(10);
    expect(ana.every((event) => event.start >= window.from && event.start < window.to)).toBe(true);
    expect(ana.find((event) => event.title === 'Quarterly review')?.ownerResponse).toBe('declined');
    expect(ana.find((event) => event.title === 'Pricing call')?.ownerResponse).toBe('organizer');
  });

  it('keeps the facts the meeting rules read: private, rewritten link, phone only, other conferencing', async () => {
    const { sync } = await read();
    const ana = eventsOf(sync.members, 'ana');
    const hidden = ana.find((event) => event.visibility === 'private');
    expect(hidden?.title).toBeNull();
    const pricing = ana.find((event) => event.title === 'Pricing call');
    expect(pricing?.joinUrl).toMatch(/^https:\/\/eur01\.safelinks\.protection\.outlook\.com\//);
    const dialIn = ana.find((event) => event.title === 'Supplier call');
    expect(dialIn?.hasPhoneDialIn).toBe(true);
    expect(dialIn?.joinUrl).toBeNull();
    expect(ana.find((event) => event.title === 'Community sync')?.joinUrl).toBe(
      'https://meet.jit.si/acme-community',
    );
    const standup = ana.find((event) => event.title === 'Daily stand-up');
    expect(standup?.joinUrl).toMatch(/^https:\/\/(meet\.google\.com|teams\.microsoft\.com)\//);
  });

  it('the same meeting on two calendars has the same iCalUID and occurrence', async () => {
    const { sync } = await read();
    const key = (event: { iCalUID: string; occurrence: string | null; title: string | null }) =>
      `${event.iCalUID} ${event.occurrence}`;
    const ben = eventsOf(sync.members, 'ben').filter((event) => event.title === 'Daily stand-up');
    const ana = eventsOf(sync.members, 'ana').filter((event) => event.title === 'Daily stand-up');
    expect(new Set(ben.map(key))).toEqual(new Set(ana.map(key)));
    expect(new Set(ana.map(key)).size).toBe(5);
  });

  it('follows the pages of a calendar; an event deleted between pages is neither listed twice nor lost elsewhere', async () => {
    const { sync, pages } = await read({ eventPageSize: 3 }, true);
    expect(pages).toBeGreaterThan(2);
    const ana = eventsOf(sync.members, 'ana');
    const keys = ana.map((event) => `${event.iCalUID} ${event.occurrence}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(ana.filter((event) => event.title === 'Daily stand-up')).toHaveLength(5);
    expect(ana.some((event) => event.title === 'Community sync')).toBe(false);
    expect(ana).toHaveLength(9);
  });

  it('audits each calendar read before it is sent and with the number of events it gave', async () => {
    const { reads } = await read({ eventPageSize: 4 });
    const calendar = reads.filter(
      (entry) => entry.resource === 'calendar' && entry.memberId === 'ana',
    );
    expect(calendar.map((entry) => entry.outcome)).toEqual(['started', 'ok']);
    expect(calendar[1]?.itemCount).toBe(10);
  });

  it('a throttled calendar read is retried and its events still come', async () => {
    const { sync } = await read({
      users: [
        users[0]!,
        {
          ...users[1]!,
          faults: [{ kind: 'rate_limited', on: 'calendar', times: 1, retryAfterSeconds: 0 }],
        },
      ],
    });
    expect(eventsOf(sync.members, 'ben').length).toBeGreaterThan(0);
    expect(sync.members.find((member) => member.id === 'ben')?.lastError).toBeNull();
    // The 429 was ben's entry alone (in Microsoft's case one entry of a $batch): ana's came whole.
    expect(eventsOf(sync.members, 'ana')).toHaveLength(10);
  });

  it('a calendar that keeps failing gives no events and the member’s error', async () => {
    const { sync } = await read({
      users: [users[0]!, { ...users[1]!, faults: [{ kind: 'server_error', on: 'calendar' }] }],
    });
    const ben = sync.members.find((member) => member.id === 'ben');
    expect(ben?.events).toBeUndefined();
    expect(ben?.access.calendar).toBe('error');
    expect(eventsOf(sync.members, 'ana')).toHaveLength(10);
  });
});

describe('Microsoft calendarView reads', () => {
  it('go 20 to a $batch with the probes, no extra request per member when one page holds the week', async () => {
    const many = Array.from({ length: 40 }, (_, index) => ({
      id: `u${index}`,
      email: `u${index}@acme.test`,
    }));
    const fake = await startMicrosoftFake(
      tenant({ users: many, events: sampleMeetings('acme.test', 'u0', 'u1', START) }),
    );
    running.push(fake);
    fake.resetCount();
    const sync = await syncMicrosoft365({
      domain: 'acme.test',
      credentials: {
        kind: 'client_secret',
        tenantId: TENANT_ID,
        clientId: CLIENT_ID,
        clientSecret: SECRET,
      },
      endpoints: { loginUrl: fake.loginUrl, graphUrl: fake.graphUrl, ca: fake.ca },
      members: many,
      eventWindow: window,
    });
    expect(eventsOf(sync.members, 'u0')).toHaveLength(10);
    // 1 token + directory page + 4 batches of 10 members (mailbox and calendarView each).
    expect(fake.requestCount).toBeLessThanOrEqual(6);
    expect(fake.servedReads).toEqual({
      mailbox: 40,
      calendar: 40,
      batched: { mailbox: 40, calendar: 40 },
      nextPages: 0,
    });
  });

  it('are counted by the fake: the first pages as $batch entries, then each nextLink page', async () => {
    const { fake, pages } = await readMicrosoft({ eventPageSize: 3 });
    // ana's 10 events take 4 pages: more pages than members.
    expect(pages).toBeGreaterThan(members.length + 2);
    expect(fake.servedReads).toEqual({
      mailbox: members.length,
      calendar: pages,
      batched: { mailbox: members.length, calendar: members.length },
      nextPages: pages - members.length,
    });
  });
});

describe('calendar event helpers', () => {
  it('find the first link, in the order of the texts', () => {
    expect(firstLink(null, 'Room 4', 'join https://zoom.us/j/1 or https://x.test')).toBe(
      'https://zoom.us/j/1',
    );
    expect(firstLink('no link here')).toBeNull();
  });

  it('tell a dial-in number from a short number', () => {
    expect(mentionsDialIn('Call +1 415 555 0100')).toBe(true);
    expect(mentionsDialIn('Room 4, floor 12')).toBe(false);
  });

  it('read Graph UTC times, zoned times and all-day dates as UTC instants', () => {
    expect(utcInstant('2026-12-01T09:00:00.0000000')).toBe('2026-12-01T09:00:00.000Z');
    expect(utcInstant('2026-12-01T10:00:00+01:00')).toBe('2026-12-01T09:00:00.000Z');
    expect(utcInstant('2026-12-01')).toBe('2026-12-01T00:00:00.000Z');
  });
});
