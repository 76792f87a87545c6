import { restoreConsentActor } from '@capture-doctor/machines';
import type { NewCalendarMeeting } from '@capture-doctor/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarMeetingFixture, germanGuest } from '../../test-support/calendar-meeting.js';
import { consentLinkIn } from '../../test-support/consent-meeting.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { recordNoticeSent } from '../consent-notice/notice-sent.js';
import { calendarMeetingId, joinCalendarMeetings } from './join-calendar-meetings.js';

// A fake clock, far from the demo's own meetings: each step sets what time it is.
const at = (hours: number) =>
  new Date(Date.parse('2033-05-02T09:00:00Z') + hours * 3_600_000).toISOString();
let now = at(0);

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ demoConsent: true, clock: () => new Date(now) });
});
afterAll(async () => {
  await t.close();
});

const window = { from: at(0), to: at(24 * 7) };
const graceHours = 24;
const links = { publicUrl: () => 'https://capture.example', graceHours };
const guest = germanGuest;

function calendarMeeting(uid: string, hours: number): NewCalendarMeeting {
  const meeting = calendarMeetingFixture(uid, { start: at(hours), end: at(hours + 1) });
  return { ...meeting, participants: [...meeting.participants, guest] };
}

const store = () => t.server.store;
const idOf = (uid: string) => calendarMeetingId('demo', uid);
const sync = (meetings: NewCalendarMeeting[]) =>
  store().calendarMeetings.replaceWindow('demo', window, meetings);
/** A sync's pass over the calendars at the given hour of the fake clock. */
const joinAt = (hours: number) => {
  now = at(hours);
  return joinCalendarMeetings(store(), 'demo', { now, links });
};
const machineOf = async (uid: string) =>
  restoreConsentActor(await store().meetings.consentState('demo', idOf(uid)));
const botEvent = (uid: string, json: Record<string, string>) =>
  t.call(`/v1/companies/demo/meetings/${idOf(uid)}/events`, { method: 'POST', json });
const evidence = (uid: string) => store().consentEvidence.list('demo', { meetingId: idOf(uid) });

/** Marks a queued email of the meeting as handed to SMTP; returns the link it carried. */
async function sendOneLink(uid: string): Promise<string> {
  const emails = await store().outbox.list('demo', { meetingId: idOf(uid) });
  const withLink = emails.find((e) => e.status === 'queued' && e.text.includes('/consent/'));
  if (!withLink) throw new Error('no queued email with a consent link');
  await store().outbox.claim(withLink.id);
  await store().outbox.markSent(withLink.id);
  return new URL(consentLinkIn(withLink.text)).pathname;
}

const openPage = async (path: string) => (await t.call(path, { key: null })).status;

describe('a moved calendar meeting', () => {
  it("moves its consent machine's start and the expiry of the links already sent", async () => {
    await sync([calendarMeeting('moving', 48)]);
    expect((await joinAt(0)).started).toBe(1);
    const sentLink = await sendOneLink('moving');
    expect((await machineOf('moving')).context.startsAt).toBe(at(48));

    await sync([calendarMeeting('moving', 96)]);
    expect(await joinAt(1)).toMatchObject({ moved: 1 });
    expect((await machineOf('moving')).context.startsAt).toBe(at(96));

    // Past the old meeting's end plus the grace period, the link already sent still works...
    now = at(49 + graceHours + 1);
    expect(await openPage(sentLink)).toBe(200);
    // ...until the new meeting's end plus the grace period.
    now = at(97 + graceHours);
    expect(await openPage(sentLink)).toBe(404);
  });

  it('its notice, sent after the move, counts its hours from the new start', async () => {
    now = at(80);
    const emails = await store().outbox.list('demo', { meetingId: idOf('moving') });
    for (const email of emails.filter((e) => e.status === 'queued')) {
      await store().outbox.claim(email.id);
      await store().outbox.markSent(email.id);
    }
    const last = (await store().outbox.list('demo', { meetingId: idOf('moving') })).at(-1);
    if (!last) throw new Error('the meeting has no email');
    // What the mailer tells the meeting once every one of its emails is out.
    await recordNoticeSent(store(), { ...last, sentAt: at(80) });
    expect((await machineOf('moving')).state).toBe('noticeSent');
    const notice = (await evidence('moving')).find((e) => e.kind === 'notice_email_sent');
    expect(notice?.details).toMatchObject({ hoursBeforeStart: 16 });
  });
});

describe('a cancelled calendar meeting', () => {
  it('refuses the recorder with the reason of rules/machines/refusals.json, kept as evidence', async () => {
    await sync([calendarMeeting('moving', 96), calendarMeeting('called-off', 120)]);
    expect((await joinAt(3)).started).toBe(1);
    await sync([calendarMeeting('moving', 96)]);
    expect(await joinAt(4)).toMatchObject({ cancelled: 1 });
    expect((await machineOf('called-off')).state).toBe('cancelled');

    now = at(120);
    const res = await botEvent('called-off', { type: 'recorder_joined' });
    expect(res.status).toBe(409);
    const problem = (await res.json()) as { code: string; detail: string };
    expect(problem.code).toBe('meeting_cancelled');
    expect(problem.detail).toMatch(/called off/);
    const refused = (await evidence('called-off')).at(-1);
    expect(refused).toMatchObject({
      kind: 'recorder_event_refused',
      at: at(120),
      details: { event: 'recorder_joined', code: 'meeting_cancelled', reason: problem.detail },
    });
    const meeting = await t.call(`/v1/companies/demo/meetings/${idOf('called-off')}`);
    expect(await meeting.json()).toMatchObject({ state: 'cancelled', recording: false });
  });

  it('is back where it was, at its new time, when its event comes back before the start', async () => {
    await sync([calendarMeeting('moving', 96), calendarMeeting('called-off', 144)]);
    expect(await joinAt(5)).toMatchObject({ restored: 1 });
    const machine = await machineOf('called-off');
    expect(machine.state).toBe('scheduled');
    expect(machine.context.startsAt).toBe(at(144));
    // Back in the consent flow: the recorder now waits for the notice, as for any meeting.
    now = at(144);
    const res = await botEvent('called-off', { type: 'recorder_joined' });
    expect(((await res.json()) as { code: string }).code).toBe('notice_not_sent');
  });
});

describe('a meeting the recorder has joined', () => {
  it('is not called off or moved by a later change of its calendar event', async () => {
    // The recorder joins a little before the start, as bots do.
    now = at(95.5);
    expect((await botEvent('moving', { type: 'recorder_joined' })).status).toBe(200);
    await sync([calendarMeeting('called-off', 144)]);
    expect(await joinAt(95.75)).toMatchObject({ cancelled: 0 });
    await sync([calendarMeeting('moving', 100), calendarMeeting('called-off', 144)]);
    expect(await joinAt(95.8)).toMatchObject({ moved: 0 });
    expect(await store().meetings.get('demo', idOf('moving'))).toMatchObject({
      startsAt: at(96),
      cancelledAt: null,
    });
    const machine = await machineOf('moving');
    expect(machine.state).toMatch(/^inCall/);
    expect(machine.context.startsAt).toBe(at(96));
    const kinds = (await evidence('moving')).map((e) => e.kind);
    expect(kinds).not.toContain('meeting_cancelled');
    expect(kinds.filter((k) => k === 'meeting_moved')).toHaveLength(1);
  });
});
