import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore, tempDir } from '../test-support/test-support.js';
import type { NewCalendarMeeting } from './calendar-meeting-repository.js';

const temps: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

async function setup() {
  const t = tempDir();
  temps.push(t.cleanup);
  const store = await openTestStore(t.dir);
  await store.companies.create({ id: 'acme', name: 'Acme' });
  await store.companies.create({ id: 'globex', name: 'Globex' });
  return store;
}

const window = { from: '2026-12-07T00:00:00.000Z', to: '2026-12-14T00:00:00.000Z' };

function meeting(
  uid: string,
  start: string,
  extra: Partial<NewCalendarMeeting> = {},
): NewCalendarMeeting {
  return {
    key: uid,
    hostMemberId: 'ana',
    memberIds: ['ana'],
    event: {
      iCalUID: uid,
      occurrence: null,
      title: `Meeting ${uid}`,
      start,
      end: new Date(Date.parse(start) + 1_800_000).toISOString(),
      status: 'confirmed',
      visibility: 'normal',
      organizerEmail: 'ana@acme.test',
      ownerResponse: 'organizer',
      attendees: [],
      joinUrl: 'https://meet.google.com/abc',
      conferenceSolution: 'hangoutsMeet',
      hasPhoneDialIn: false,
      createdAt: null,
    },
    participants: [],
    verdict: 'will_record',
    reasons: [],
    ...extra,
  };
}

describe('calendar meetings', () => {
  it('lists a company’s meetings by start, paged after a position, and no other company’s', async () => {
    const store = await setup();
    await store.calendarMeetings.replaceWindow('acme', window, [
      meeting('c', '2026-12-09T10:00:00.000Z'),
      meeting('a', '2026-12-08T10:00:00.000Z'),
      meeting('b', '2026-12-08T10:00:00.000Z'),
    ]);
    await store.calendarMeetings.replaceWindow('globex', window, [
      meeting('z', '2026-12-08T09:00:00.000Z'),
    ]);
    const first = await store.calendarMeetings.list('acme', { ...window, limit: 2 });
    expect(first.map((m) => m.event.iCalUID)).toEqual(['a', 'b']);
    const last = first[1]!;
    const next = await store.calendarMeetings.list('acme', {
      ...window,
      limit: 2,
      after: { startsAt: last.event.start, key: last.key },
    });
    expect(next.map((m) => m.event.iCalUID)).toEqual(['c']);
  });

  it('filters by verdict and by a member whose calendar holds the meeting', async () => {
    const store = await setup();
    await store.calendarMeetings.replaceWindow('acme', window, [
      meeting('a', '2026-12-08T10:00:00.000Z', { memberIds: ['ana', 'ben'] }),
      meeting('b', '2026-12-08T11:00:00.000Z', {
        verdict: 'will_not_record',
        reasons: [
          { ruleId: 'private-event', color: 'red', message: 'private', fix: 'x', because: [] },
        ],
      }),
    ]);
    const refused = await store.calendarMeetings.list('acme', {
      ...window,
      limit: 10,
      verdict: 'will_not_record',
    });
    expect(refused.map((m) => m.event.iCalUID)).toEqual(['b']);
    expect(refused[0]?.reasons[0]?.ruleId).toBe('private-event');
    const ben = await store.calendarMeetings.list('acme', {
      ...window,
      limit: 10,
      memberId: 'ben',
    });
    expect(ben.map((m) => m.memberIds)).toEqual([['ana', 'ben']]);
  });

  it('a new sync replaces the window: a meeting gone from the calendars is gone, one moved is moved', async () => {
    const store = await setup();
    await store.calendarMeetings.replaceWindow('acme', window, [
      meeting('a', '2026-12-08T10:00:00.000Z'),
      meeting('b', '2026-12-08T11:00:00.000Z'),
    ]);
    await store.calendarMeetings.replaceWindow('acme', window, [
      meeting('b', '2026-12-10T11:00:00.000Z'),
    ]);
    const listed = await store.calendarMeetings.list('acme', { ...window, limit: 10 });
    expect(listed.map((m) => [m.event.iCalUID, m.event.start])).toEqual([
      ['b', '2026-12-10T11:00:00.000Z'],
    ]);
  });

  it('refuses a meeting without a member, naming the field', async () => {
    const store = await setup();
    await expect(
      store.calendarMeetings.replaceWindow('acme', window, [
        meeting('a', '2026-12-08T10:00:00.000Z', { memberIds: [] }),
      ]),
    ).rejects.toThrow(/memberIds/);
  });
});
