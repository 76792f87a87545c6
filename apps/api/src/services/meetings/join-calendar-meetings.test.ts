import { ConsentPolicy } from '@capture-doctor/domain';
import type { NewCalendarMeeting } from '@capture-doctor/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarMeetingFixture, germanGuest } from '../../test-support/calendar-meeting.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { calendarMeetingId, joinCalendarMeetings } from './join-calendar-meetings.js';

let t: TestServer;
let leadHours = 0;
beforeAll(async () => {
  // The consent demo approves a policy: calendar meetings can join the consent flow.
  t = await startTestServer({ demoConsent: true });
  const approved = await t.server.store.consentPolicies.latestApproved('demo');
  leadHours = ConsentPolicy.parse(approved?.body).noticeEmail.leadTimeHours;
});
afterAll(async () => {
  await t.close();
});

// A clock of the test's own, far from the demo's meetings: each step says what time it is.
const at = (hours: number) =>
  new Date(Date.parse('2033-03-07T09:00:00Z') + hours * 3_600_000).toISOString();
const window = { from: at(0), to: at(24 * 7) };
const links = { publicUrl: () => 'https://capture.example', graceHours: 24 };

const guest = germanGuest;

function calendarMeeting(uid: string, hours: number, extra: Partial<NewCalendarMeeting> = {}) {
  const meeting = calendarMeetingFixture(uid, { start: at(hours), end: at(hours + 1) }, extra);
  return {
    ...meeting,
    event: { ...meeting.event, title: `Review ${uid}`, ...extra.event },
    participants: extra.participants ?? [...meeting.participants, guest],
  };
}

const store = () => t.server.store;
const sync = (meetings: NewCalendarMeeting[]) =>
  store().calendarMeetings.replaceWindow('demo', window, meetings);
const join = (hours: number) => joinCalendarMeetings(store(), 'demo', { now: at(hours), links });
const idOf = (uid: string) => calendarMeetingId('demo', uid);
const notices = (uid: string) => store().outbox.list('demo', { meetingId: idOf(uid) });
const evidenceKinds = async (uid: string) =>
  (await store().consentEvidence.list('demo', { meetingId: idOf(uid) })).map((e) => e.kind);

describe('calendar meetings in the consent flow', () => {
  it('starts the consent flow of a meeting that may be recorded, its notices due at the lead time', async () => {
    await sync([
      calendarMeeting('weekly', 48),
      calendarMeeting('private', 50, { verdict: 'will_not_record' }),
      calendarMeeting('phone', 52, {
        event: { ...calendarMeeting('phone', 52).event, joinUrl: null },
      }),
    ]);
    expect(await join(0)).toEqual({ started: 1, moved: 0, cancelled: 0, restored: 0 });
    const meeting = await store().meetings.get('demo', idOf('weekly'));
    expect(meeting).toMatchObject({
      source: 'calendar',
      title: 'Review weekly',
      startsAt: at(48),
      hostMemberId: 'm01',
      cancelledAt: null,
    });
    expect(await store().meetings.get('demo', idOf('private'))).toBeNull();
    expect(await store().meetings.get('demo', idOf('phone'))).toBeNull();
    const queued = await notices('weekly');
    expect(queued.length).toBeGreaterThan(0);
    expect(queued.every((e) => e.status === 'queued' && e.notBefore === at(48 - leadHours))).toBe(
      true,
    );
    expect(await evidenceKinds('weekly')).toContain('meeting_scheduled');
    // A second pass over the same calendars changes nothing.
    expect(await join(1)).toEqual({ started: 0, moved: 0, cancelled: 0, restored: 0 });
    expect(await notices('weekly')).toHaveLength(queued.length);
  });

  it('moves the meeting and its unsent notices when the event moves, and keeps where it was', async () => {
    await sync([calendarMeeting('weekly', 72)]);
    const before = await notices('weekly');
    expect(await join(2)).toEqual({ started: 0, moved: 1, cancelled: 0, restored: 0 });
    expect(await store().meetings.get('demo', idOf('weekly'))).toMatchObject({
      startsAt: at(72),
      endsAt: at(73),
    });
    const after = await notices('weekly');
    const live = after.filter((e) => e.status === 'queued');
    expect(after.filter((e) => e.status === 'cancelled').map((e) => e.id)).toEqual(
      before.map((e) => e.id),
    );
    expect(live).toHaveLength(before.length);
    expect(live.every((e) => e.notBefore === at(72 - leadHours))).toBe(true);
    const moved = (await store().consentEvidence.list('demo', { meetingId: idOf('weekly') })).find(
      (e) => e.kind === 'meeting_moved',
    );
    expect(moved?.details).toMatchObject({
      from: { startsAt: at(48), endsAt: at(49) },
      to: { startsAt: at(72), endsAt: at(73) },
      noticesMoved: before.length,
    });
  });

  it('cancels a meeting gone from the calendars: no notice goes out, and the evidence says so', async () => {
    await sync([]);
    expect(await join(3)).toEqual({ started: 0, moved: 0, cancelled: 1, restored: 0 });
    expect((await store().meetings.get('demo', idOf('weekly')))?.cancelledAt).toBe(at(3));
    const statuses = (await notices('weekly')).map((e) => e.status);
    expect(statuses.every((status) => status === 'cancelled')).toBe(true);
    const pending = await store().outbox.pending({ limit: 10_000 });
    expect(pending.filter((e) => e.meetingId === idOf('weekly'))).toEqual([]);
    expect((await evidenceKinds('weekly')).at(-1)).toBe('meeting_cancelled');
    expect(await evidenceKinds('weekly')).not.toContain('notice_email_sent');
    // Already called off: a later pass leaves it be.
    expect(await join(4)).toEqual({ started: 0, moved: 0, cancelled: 0, restored: 0 });
    const res = await t.call(`/v1/companies/demo/meetings/${idOf('weekly')}`);
    expect(await res.json()).toMatchObject({ source: 'calendar', cancelledAt: at(3) });
  });

  it('puts a meeting back on, with its notices, when its event comes back', async () => {
    await sync([calendarMeeting('weekly', 96)]);
    expect(await join(5)).toEqual({ started: 0, moved: 0, cancelled: 0, restored: 1 });
    expect(await store().meetings.get('demo', idOf('weekly'))).toMatchObject({
      startsAt: at(96),
      cancelledAt: null,
    });
    const live = (await notices('weekly')).filter((e) => e.status === 'queued');
    expect(live.length).toBeGreaterThan(0);
    expect(live.every((e) => e.notBefore === at(96 - leadHours))).toBe(true);
    expect((await evidenceKinds('weekly')).at(-1)).toBe('meeting_restored');
  });

  it('lists a calendar meeting in the consent flow once, as a calendar meeting', async () => {
    const res = await t.call(
      `/v1/companies/demo/meetings?from=${encodeURIComponent(window.from)}&to=${encodeURIComponent(window.to)}`,
    );
    const body = (await res.json()) as { items: Array<{ id: string; source: string }> };
    expect(body.items).toEqual([expect.objectContaining({ id: 'weekly', source: 'calendar' })]);
  });
});

describe('a sync and the consent flow', () => {
  it("brings the demo calendars' meetings that may be recorded into the consent flow once the sync stored them", async () => {
    const joined = await store().meetings.list('demo', { source: 'calendar', limit: 500 });
    const upcoming = joined.filter((m) => m.startsAt < window.from);
    expect(upcoming.length).toBeGreaterThan(0);
    const calendar = await store().calendarMeetings.list('demo', { to: window.from, limit: 500 });
    const ids = new Set(calendar.map((m) => calendarMeetingId('demo', m.key)));
    expect(upcoming.every((m) => ids.has(m.id))).toBe(true);
    for (const meeting of calendar) {
      if (meeting.verdict === 'will_not_record')
        expect(joined.map((m) => m.id)).not.toContain(idOf(meeting.key));
    }
  });
});
