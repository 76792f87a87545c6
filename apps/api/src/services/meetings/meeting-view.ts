import { restoreConsentActor } from '@capture-doctor/machines';
import type { Store, StoredMeeting } from '@capture-doctor/store';
import { z } from 'zod';
import { notFound } from '../../problem/problem.js';
import { parseWith } from '../../read-body/read-body.js';
import type { MeetingListQuery, MeetingView } from './meeting-schemas.js';

/** The consent machine state in which the recorder records. */
export const RECORDING_STATE = 'inCall.recording';

/**
 * A meeting as the API answers it: the stored meeting with each participant's consent state
 * as its consent machine holds it.
 * @example meetingView(meeting, persisted).participants[0].consent // 'pending'
 */
export function meetingView(meeting: StoredMeeting, persisted: unknown): MeetingView {
  const { state, context } = restoreConsentActor(persisted);
  const held = new Map(context.participants.map((p) => [p.id, p]));
  return {
    id: meeting.id,
    companyId: meeting.companyId,
    title: meeting.title,
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt,
    conferenceUrl: meeting.conferenceUrl,
    hostMemberId: meeting.hostMemberId,
    source: meeting.source,
    recorder: { displayName: meeting.recorderName },
    policy: { version: meeting.policyVersion },
    state,
    recording: state === RECORDING_STATE,
    participants: meeting.participants.map((p) => {
      const machine = held.get(p.id);
      return {
        ...p,
        consent: machine?.consent ?? 'not_asked',
        mustConsent: machine?.mustConsent ?? false,
        noticeEmail: machine?.noticeEmail ?? false,
        present: machine?.present ?? false,
      };
    }),
    createdAt: meeting.createdAt,
  };
}

/**
 * One meeting of the company with its participants' consent states; 404 when unknown.
 * @example (await getMeeting(store, 'acme', id)).recorder.displayName
 */
export async function getMeeting(
  store: Pick<Store, 'meetings'>,
  companyId: string,
  meetingId: string,
): Promise<MeetingView> {
  const meeting = await store.meetings.get(companyId, meetingId);
  const persisted = await store.meetings.consentState(companyId, meetingId);
  if (!meeting || persisted === null) throw notFound('meeting', meetingId);
  return meetingView(meeting, persisted);
}

const Cursor = z.tuple([z.iso.datetime({ offset: true }), z.string().min(1)]);

/**
 * The company's meetings by start time, `from` inclusive and `to` exclusive, a page at a time:
 * `nextCursor` (opaque) continues the list and is absent on the last page.
 * @example const { items, nextCursor } = await listMeetings(store, 'acme', { limit: 50 })
 */
export async function listMeetings(
  store: Pick<Store, 'meetings'>,
  companyId: string,
  query: MeetingListQuery,
): Promise<{ items: MeetingView[]; nextCursor?: string }> {
  const after = query.cursor === undefined ? undefined : readCursor(query.cursor);
  const rows = await store.meetings.list(companyId, {
    ...(query.from === undefined ? {} : { from: query.from }),
    ...(query.to === undefined ? {} : { to: query.to }),
    ...(after === undefined ? {} : { after }),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const items: MeetingView[] = [];
  for (const meeting of page) {
    items.push(meetingView(meeting, await store.meetings.consentState(companyId, meeting.id)));
  }
  const last = page.at(-1);
  return rows.length > query.limit && last
    ? { items, nextCursor: writeCursor(last.startsAt, last.id) }
    : { items };
}

function writeCursor(startsAt: string, id: string): string {
  return Buffer.from(JSON.stringify([startsAt, id])).toString('base64url');
}

function readCursor(cursor: string): { startsAt: string; id: string } {
  let decoded: unknown = null;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    // An unreadable cursor is refused below like any other malformed one.
  }
  const [startsAt, id] = parseWith(Cursor.describe('cursor'), decoded, 'query:cursor');
  return { startsAt, id };
}
