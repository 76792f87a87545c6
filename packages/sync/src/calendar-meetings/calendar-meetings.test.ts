import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CalendarEvent, CaptureSnapshot } from '@capture-doctor/domain';
import {
  createEvaluator,
  createMeetingEvaluator,
  loadCaptureRules,
  loadMeetingRules,
  rulesRoot,
} from '@capture-doctor/engine';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarMeetings, meetingKey } from './calendar-meetings.js';

const base = CaptureSnapshot.parse(
  JSON.parse(readFileSync(join(rulesRoot(), 'capture', 'cases-baseline.json'), 'utf8')),
);
const [first] = base.members;
const snapshot: CaptureSnapshot = {
  ...base,
  members: ['m1', 'm2', 'm3'].map((id) => ({ ...first!, id, email: `${id}@acme.example` })),
};
const report = createEvaluator(loadCaptureRules()).evaluateSnapshot(snapshot);
const sources = {
  domain: 'acme.example',
  snapshot,
  report,
  policy: null,
  jurisdictionMap: { 'buyer.example.com': 'US-CA' },
  evaluator: createMeetingEvaluator(loadMeetingRules()),
};

function event(uid: string, extra: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    iCalUID: uid,
    occurrence: null,
    title: uid,
    start: '2026-12-08T10:00:00.000Z',
    end: '2026-12-08T10:30:00.000Z',
    status: 'confirmed',
    visibility: 'normal',
    organizerEmail: 'm1@acme.example',
    ownerResponse: 'accepted',
    attendees: [{ email: 'guest@guest.example', response: 'accepted' }],
    joinUrl: 'https://meet.google.com/abc',
    conferenceSolution: 'hangoutsMeet',
    hasPhoneDialIn: false,
    createdAt: '2026-12-01T10:00:00.000Z',
    ...extra,
  };
}

describe('calendar meetings', () => {
  it('list the same meeting seen from several calendars once, naming every calendar', () => {
    const uids = fc.uniqueArray(fc.constantFrom<string>('a', 'b', 'c', 'd', 'e'), { minLength: 1 });
    fc.assert(
      fc.property(fc.tuple(uids, uids, uids), (calendars) => {
        const byMember = new Map(
          calendars.map((list, index) => [`m${index + 1}`, list.map((uid) => event(uid))]),
        );
        const meetings = calendarMeetings(byMember, sources);
        const all = new Set(calendars.flat());
        expect(meetings.map((m) => m.event.iCalUID).sort()).toEqual([...all].sort());
        for (const meeting of meetings) {
          const holders = calendars.flatMap((list, index) =>
            list.includes(meeting.event.iCalUID) ? [`m${index + 1}`] : [],
          );
          expect(meeting.memberIds.sort()).toEqual(holders);
        }
      }),
    );
  });

  it('keep occurrences of a recurring meeting apart', () => {
    const monday = event('standup', { occurrence: '2026-12-07T09:00:00.000Z' });
    const tuesday = event('standup', { occurrence: '2026-12-08T09:00:00.000Z' });
    expect(meetingKey(monday)).not.toBe(meetingKey(tuesday));
    expect(calendarMeetings(new Map([['m1', [monday, tuesday]]]), sources)).toHaveLength(2);
  });

  it('judge a meeting from the calendar that gets it recorded', () => {
    const declined = event('review', { ownerResponse: 'declined' });
    const accepted = event('review', { ownerResponse: 'accepted' });
    const [meeting] = calendarMeetings(
      new Map([
        ['m1', [declined]],
        ['m2', [accepted]],
      ]),
      sources,
    );
    expect(meeting).toMatchObject({ hostMemberId: 'm2', memberIds: ['m1', 'm2'] });
  });

  it('leave cancelled meetings out', () => {
    const cancelled = event('gone', { status: 'cancelled', ownerResponse: 'organizer' });
    expect(calendarMeetings(new Map([['m1', [cancelled]]]), sources)).toEqual([]);
  });

  it('read a guest’s jurisdiction from the country domain, none for team members', () => {
    const [meeting] = calendarMeetings(
      new Map([
        ['m1', [event('x', { attendees: [{ email: 'guest@kunde.de', response: 'accepted' }] })]],
      ]),
      sources,
    );
    expect(meeting?.participants).toEqual([
      {
        id: 'm1@acme.example',
        email: 'm1@acme.example',
        internal: true,
        jurisdiction: null,
        joinsByPhone: false,
      },
      {
        id: 'guest@kunde.de',
        email: 'guest@kunde.de',
        internal: false,
        jurisdiction: 'DE',
        joinsByPhone: false,
      },
    ]);
    const [mapped] = calendarMeetings(
      new Map([
        [
          'm1',
          [event('y', { attendees: [{ email: 'sam@buyer.example.com', response: 'accepted' }] })],
        ],
      ]),
      sources,
    );
    expect(mapped?.participants[1]?.jurisdiction).toBe('US-CA');
    // No approved policy: nobody can be asked for the consent German law needs.
    expect(meeting?.reasons.map((r) => r.ruleId)).toEqual(['consent-page-missing-for-participant']);
  });
});
