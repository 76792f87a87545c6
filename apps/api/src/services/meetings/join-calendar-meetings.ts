import { createHash } from 'node:crypto';
import { ConsentPolicy } from '@capture-doctor/domain';
import { type ConsentEvent, restoreConsentActor } from '@capture-doctor/machines';
import type { CalendarMeeting, Store, StoredMeeting } from '@capture-doctor/store';
import { ProblemError } from '../../problem/problem.js';
import {
  type ConsentLinkSettings,
  linkExpiry,
  queueConsentNotices,
} from '../consent-notice/queue-notices.js';
import { consentEventIn, meetingPolicy } from './consent-step.js';
import { startMeeting } from './create-meeting.js';
import { untitledMeeting } from './meeting-texts.js';
import { type MeetingStore, recordEvidence } from './record-evidence.js';

/** What one pass changed in the consent flow. */
export interface CalendarJoin {
  started: number;
  moved: number;
  cancelled: number;
  restored: number;
}

const PAGE = 1000;
// A meeting that started up to this long ago may still be on; older ones are left alone.
const LOOK_BACK_MS = 24 * 3_600_000;

/**
 * Brings the company's calendar meetings into the consent flow after a sync stored them: a new
 * meeting that may be recorded starts its consent flow under the policy in force (its notices
 * scheduled from its start, the same path as a meeting registered through the API); a meeting
 * whose event moved moves (its consent machine's start, its unsent notices and the expiry of its
 * consent links with it); a meeting cancelled on the calendars or gone from them is called off:
 * its machine refuses the recorder, and its unsent notices are cancelled, so none goes out. Each
 * change is evidence of the meeting. The consent machine decides each change: a meeting the
 * recorder has joined is left as it is.
 * @example await joinCalendarMeetings(store, 'acme', { now: clock().toISOString(), links })
 */
export async function joinCalendarMeetings(
  store: Store,
  companyId: string,
  options: { now: string; links: ConsentLinkSettings },
): Promise<CalendarJoin> {
  const { now } = options;
  const outcome: CalendarJoin = { started: 0, moved: 0, cancelled: 0, restored: 0 };
  const calendar = await upcomingCalendarMeetings(store, companyId, now);
  const joined = await joinedMeetings(store, companyId, now);
  const approved = await store.consentPolicies.latestApproved(companyId);
  const policy = approved && { ...ConsentPolicy.parse(approved.body), version: approved.version };
  const onCalendars = new Set<string>();
  for (const meeting of calendar) {
    const id = calendarMeetingId(companyId, meeting.key);
    onCalendars.add(id);
    const known = joined.get(id);
    if (known === undefined) {
      const input = meetingToStart(id, meeting);
      if (policy && input !== null) {
        await startMeeting(store, companyId, input, { policy, now, links: options.links });
        outcome.started += 1;
      }
      continue;
    }
    if (known.cancelledAt !== null) {
      if (await restore(store, known, meeting, options)) outcome.restored += 1;
    } else if (hasMoved(known, meeting)) {
      if (await move(store, known, meeting, options)) outcome.moved += 1;
    }
  }
  for (const meeting of joined.values()) {
    const upcoming = Date.parse(meeting.startsAt) > Date.parse(now);
    if (onCalendars.has(meeting.id) || meeting.cancelledAt !== null || !upcoming) continue;
    if (await cancel(store, meeting, now)) outcome.cancelled += 1;
  }
  return outcome;
}

/**
 * The id of a calendar meeting in the consent flow: the same on every sync and every process,
 * so a meeting seen again is found again.
 * @example calendarMeetingId('acme', 'abc@google.com') // 'cal-3f2a…'
 */
export function calendarMeetingId(companyId: string, key: string): string {
  return `cal-${createHash('sha256').update(`${companyId}\n${key}`).digest('hex').slice(0, 40)}`;
}

async function upcomingCalendarMeetings(
  store: Pick<Store, 'calendarMeetings'>,
  companyId: string,
  now: string,
): Promise<CalendarMeeting[]> {
  const all: CalendarMeeting[] = [];
  let after: { startsAt: string; key: string } | undefined;
  for (;;) {
    const page = await store.calendarMeetings.list(companyId, {
      from: now,
      limit: PAGE,
      ...(after === undefined ? {} : { after }),
    });
    all.push(...page);
    const last = page.at(-1);
    if (page.length < PAGE || last === undefined) return all;
    after = { startsAt: last.event.start, key: last.key };
  }
}

async function joinedMeetings(
  store: Pick<Store, 'meetings'>,
  companyId: string,
  now: string,
): Promise<Map<string, StoredMeeting>> {
  const joined = new Map<string, StoredMeeting>();
  const from = new Date(Date.parse(now) - LOOK_BACK_MS).toISOString();
  let after: { startsAt: string; id: string } | undefined;
  for (;;) {
    const page = await store.meetings.list(companyId, {
      source: 'calendar',
      from,
      limit: PAGE,
      ...(after === undefined ? {} : { after }),
    });
    for (const meeting of page) joined.set(meeting.id, meeting);
    const last = page.at(-1);
    if (page.length < PAGE || last === undefined) return joined;
    after = { startsAt: last.startsAt, id: last.id };
  }
}

/**
 * A calendar meeting as the consent flow takes it, or null when there is nothing to ask anyone
 * about: it will not be recorded, or has no link for the recorder or no one to tell.
 */
function meetingToStart(id: string, meeting: CalendarMeeting) {
  const { event } = meeting;
  if (meeting.verdict === 'will_not_record' || event.joinUrl === null) return null;
  const participants = meeting.participants.flatMap((p, index) =>
    p.email === undefined || p.email === null
      ? []
      : [
          {
            id: `p${index + 1}`,
            email: p.email,
            name: null,
            internal: p.internal,
            jurisdiction: p.jurisdiction,
          },
        ],
  );
  if (participants.length === 0) return null;
  return {
    id,
    title: event.title ?? untitledMeeting(),
    startsAt: iso(event.start),
    endsAt: iso(event.end),
    conferenceUrl: event.joinUrl,
    hostMemberId: meeting.hostMemberId,
    source: 'calendar' as const,
    participants,
  };
}

const iso = (at: string) => new Date(at).toISOString();

function hasMoved(known: StoredMeeting, meeting: CalendarMeeting): boolean {
  return known.startsAt !== iso(meeting.event.start) || known.endsAt !== iso(meeting.event.end);
}

type Options = { now: string; links: ConsentLinkSettings };

/**
 * The event moved: the meeting moves, its consent links expire after the new end, and its
 * unsent notices are queued again for the new time. False when its consent machine refuses.
 */
function move(store: Store, known: StoredMeeting, meeting: CalendarMeeting, options: Options) {
  const to = { startsAt: iso(meeting.event.start), endsAt: iso(meeting.event.end) };
  return store.transaction(async (tx) => {
    const event = { type: 'MEETING_MOVED', startsAt: to.startsAt, at: options.now } as const;
    if (!(await machineAllows(tx, known, event))) return false;
    const moved = await tx.meetings.reschedule(known.companyId, known.id, to);
    await tx.consentTokens.moveExpiry(known.companyId, known.id, linkExpiry(moved, options.links));
    const unsent = await tx.outbox.cancelUnsent(known.companyId, known.id);
    await recordEvidence(tx, known.companyId, known.id, [
      {
        kind: 'meeting_moved',
        at: options.now,
        details: {
          from: { startsAt: known.startsAt, endsAt: known.endsAt },
          to,
          noticesMoved: unsent.length,
        },
      },
    ]);
    await requeue(tx, moved, new Set(unsent.flatMap((e) => e.participantId ?? [])), options);
    return true;
  });
}

/** The event is cancelled or gone: nothing is sent or recorded for it any more, unless refused. */
function cancel(store: Store, known: StoredMeeting, now: string) {
  return store.transaction(async (tx) => {
    if (!(await machineAllows(tx, known, { type: 'MEETING_CANCELLED', at: now }))) return false;
    await tx.meetings.setCancelled(known.companyId, known.id, now);
    const unsent = await tx.outbox.cancelUnsent(known.companyId, known.id);
    await recordEvidence(tx, known.companyId, known.id, [
      {
        kind: 'meeting_cancelled',
        at: now,
        details: { startsAt: known.startsAt, noticesCancelled: unsent.length },
      },
    ]);
    return true;
  });
}

/**
 * A called-off meeting is back on the calendars: it is on again at its new time, with the
 * notices not yet sent, unless its consent machine refuses (it came back after its start).
 */
function restore(store: Store, known: StoredMeeting, meeting: CalendarMeeting, options: Options) {
  const to = { startsAt: iso(meeting.event.start), endsAt: iso(meeting.event.end) };
  return store.transaction(async (tx) => {
    const event = { type: 'MEETING_RESTORED', startsAt: to.startsAt, at: options.now } as const;
    if (!(await machineAllows(tx, known, event))) return false;
    await tx.meetings.setCancelled(known.companyId, known.id, null);
    const restored = await tx.meetings.reschedule(known.companyId, known.id, to);
    await tx.consentTokens.moveExpiry(
      known.companyId,
      known.id,
      linkExpiry(restored, options.links),
    );
    await recordEvidence(tx, known.companyId, known.id, [
      { kind: 'meeting_restored', at: options.now, details: to },
    ]);
    const emails = await tx.outbox.list(known.companyId, { meetingId: known.id });
    const sent = new Set(
      emails.flatMap((e) => (e.status === 'cancelled' ? [] : (e.participantId ?? []))),
    );
    const notSent = restored.participants.filter((p) => !sent.has(p.id)).map((p) => p.id);
    await requeue(tx, restored, new Set(notSent), options);
    return true;
  });
}

/** Tells the meeting's consent machine about the calendar's change; false when it refuses it. */
async function machineAllows(
  tx: MeetingStore,
  meeting: StoredMeeting,
  event: ConsentEvent,
): Promise<boolean> {
  try {
    await consentEventIn(tx, meeting.companyId, meeting.id, event, 'not_asked');
    return true;
  } catch (error) {
    if (error instanceof ProblemError && error.status === 409) return false;
    throw error;
  }
}

/** Queues again the notices of `participantIds` for the meeting as it now is. */
async function requeue(
  tx: Pick<
    Store,
    'meetings' | 'outbox' | 'consentPolicies' | 'companies' | 'consentTokens' | 'consentEvidence'
  >,
  meeting: StoredMeeting,
  participantIds: ReadonlySet<string>,
  options: Options,
): Promise<void> {
  if (participantIds.size === 0) return;
  const persisted = await tx.meetings.consentState(meeting.companyId, meeting.id);
  if (persisted === null) return;
  const duties = restoreConsentActor(persisted).context.participants.filter((p) =>
    participantIds.has(p.id),
  );
  await queueConsentNotices(tx, {
    meeting,
    duties,
    policy: await meetingPolicy(tx, meeting.companyId, meeting.policyVersion),
    links: options.links,
    now: options.now,
  });
}
