import type { CalendarMeeting, Store, StoredMeeting } from '@capture-doctor/store';
import { z } from 'zod';
import { parseWith } from '../../read-body/read-body.js';
import type { CalendarMeetingView } from './calendar-meeting-schemas.js';
import type { ApiMeetingView, MeetingListQuery } from './meeting-schemas.js';
import { meetingView } from './meeting-view.js';

type ListedMeeting = ApiMeetingView | CalendarMeetingView;

/** Where a page ends: a start and the meeting's id tagged with its source, in list order. */
interface Position {
  startsAt: string;
  tagged: string;
}

const Cursor = z.tuple([z.iso.datetime({ offset: true }), z.string().regex(/^(api|calendar):./)]);

/**
 * The company's meetings by start time, `from` inclusive and `to` exclusive, a page at a time:
 * those registered through the API (`source: "api"`) and those syncs found on the calendars
 * (`source: "calendar"`, with their verdict and reasons) in one list. `verdict` keeps calendar
 * meetings of that verdict (API meetings have none); `memberId` keeps meetings the member hosts
 * or, for calendar meetings, has on their calendar. `nextCursor` (opaque) continues the list and
 * is absent on the last page.
 * @example const { items, nextCursor } = await listMeetings(store, 'acme', { limit: 50 })
 */
export async function listMeetings(
  store: Pick<Store, 'meetings' | 'calendarMeetings'>,
  companyId: string,
  query: MeetingListQuery,
): Promise<{ items: ListedMeeting[]; nextCursor?: string }> {
  const after = query.cursor === undefined ? undefined : readCursor(query.cursor);
  const want = query.limit + 1;
  const [api, calendar] = await Promise.all([
    query.verdict === undefined && query.source !== 'calendar'
      ? apiMeetings(store, companyId, query, after, want)
      : [],
    query.source === 'api' ? [] : calendarMeetings(store, companyId, query, after, want),
  ]);
  const merged = [...api, ...calendar].sort((a, b) => compare(a.position, b.position));
  const page = merged.slice(0, query.limit);
  const last = page.at(-1);
  const items = page.map((entry) => entry.item);
  return merged.length > query.limit && last !== undefined
    ? { items, nextCursor: writeCursor(last.position) }
    : { items };
}

interface Entry {
  position: Position;
  item: ListedMeeting;
}

async function apiMeetings(
  store: Pick<Store, 'meetings'>,
  companyId: string,
  query: MeetingListQuery,
  after: Position | undefined,
  want: number,
): Promise<Entry[]> {
  const entries: Entry[] = [];
  let from = after === undefined ? undefined : apiAfter(after);
  // The host filter is applied here: read on until the page is full or the list ends.
  for (;;) {
    const rows: StoredMeeting[] = await store.meetings.list(companyId, {
      ...(query.from === undefined ? {} : { from: query.from }),
      ...(query.to === undefined ? {} : { to: query.to }),
      ...(from === undefined ? {} : { after: from }),
      // Meetings the calendars brought into the consent flow are listed once, as calendar ones.
      source: 'api',
      limit: want,
    });
    for (const meeting of rows) {
      if (query.memberId !== undefined && meeting.hostMemberId !== query.memberId) continue;
      const persisted = await store.meetings.consentState(companyId, meeting.id);
      entries.push({
        position: { startsAt: meeting.startsAt, tagged: `api:${meeting.id}` },
        item: { ...meetingView(meeting, persisted), source: 'api' },
      });
    }
    const last = rows.at(-1);
    if (rows.length < want || entries.length >= want || last === undefined) return entries;
    from = { startsAt: last.startsAt, id: last.id };
  }
}

async function calendarMeetings(
  store: Pick<Store, 'calendarMeetings'>,
  companyId: string,
  query: MeetingListQuery,
  after: Position | undefined,
  want: number,
): Promise<Entry[]> {
  const rows = await store.calendarMeetings.list(companyId, {
    ...(query.from === undefined ? {} : { from: query.from }),
    ...(query.to === undefined ? {} : { to: query.to }),
    ...(query.verdict === undefined ? {} : { verdict: query.verdict }),
    ...(query.memberId === undefined ? {} : { memberId: query.memberId }),
    ...(after === undefined ? {} : { after: calendarAfter(after) }),
    limit: want,
  });
  return rows.map((meeting) => ({
    position: { startsAt: meeting.event.start, tagged: `calendar:${meeting.key}` },
    item: calendarMeetingView(meeting),
  }));
}

/**
 * A stored calendar meeting as the API answers it.
 * @example calendarMeetingView(meeting).verdict // 'at_risk'
 */
export function calendarMeetingView(meeting: CalendarMeeting): CalendarMeetingView {
  const { event } = meeting;
  return {
    id: meeting.key,
    source: 'calendar',
    title: event.title,
    startsAt: event.start,
    endsAt: event.end,
    conferenceUrl: event.joinUrl,
    hostMemberId: meeting.hostMemberId,
    memberIds: meeting.memberIds,
    organizerEmail: event.organizerEmail,
    verdict: meeting.verdict,
    reasons: meeting.reasons,
    participants: meeting.participants.map(({ email, internal, jurisdiction }) => ({
      email: email ?? '',
      internal,
      jurisdiction,
    })),
    syncedAt: meeting.syncedAt,
  };
}

// API rows sort before calendar rows of the same start ("api:" < "calendar:"): after a calendar
// position every API row of that start is behind, after an API position none of the calendar ones.
function apiAfter(position: Position): { startsAt: string; id: string } {
  return position.tagged.startsWith('api:')
    ? { startsAt: position.startsAt, id: position.tagged.slice(4) }
    : { startsAt: position.startsAt, id: '\uffff' };
}

function calendarAfter(position: Position): { startsAt: string; key: string } {
  return position.tagged.startsWith('calendar:')
    ? { startsAt: position.startsAt, key: position.tagged.slice(9) }
    : { startsAt: position.startsAt, key: '\u0000' };
}

function compare(a: Position, b: Position): number {
  if (a.startsAt !== b.startsAt) return a.startsAt < b.startsAt ? -1 : 1;
  return a.tagged < b.tagged ? -1 : a.tagged > b.tagged ? 1 : 0;
}

function writeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.startsAt, position.tagged])).toString('base64url');
}

function readCursor(cursor: string): Position {
  let decoded: unknown = null;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    // An unreadable cursor is refused below like any other malformed one.
  }
  const [startsAt, tagged] = parseWith(Cursor.describe('cursor'), decoded, 'query:cursor');
  return { startsAt, tagged };
}
