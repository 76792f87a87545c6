import {
  CalendarEvent,
  EventResponse,
  MeetingReason,
  MeetingVerdict,
  Participant,
} from '@capture-doctor/domain';
import { z } from 'zod';
import { EntityId, requireCompany } from '../company-repository/company-repository.js';
import type { CalendarMeetingTable } from '../database/database.js';
import { insertRows } from '../insert-rows/insert-rows.js';
import { readAll } from '../read-rows/read-rows.js';
import { inTransaction, type RepositoryContext } from '../repository-context/repository-context.js';
import { InstantSchema } from '../timestamp/timestamp.js';
import { validateInput } from '../validate-input/validate-input.js';

/** One upcoming meeting found on the calendars, with its verdict, as a sync stores it. */
export const NewCalendarMeeting = z.strictObject({
  /** The meeting's iCalUID and, for one occurrence of a recurring meeting, its original start. */
  key: z.string().min(1).max(1000),
  hostMemberId: EntityId,
  /** Every member whose calendar holds it (the host included). */
  memberIds: z.array(EntityId).min(1),
  event: CalendarEvent,
  participants: z.array(Participant),
  verdict: MeetingVerdict,
  reasons: z.array(MeetingReason),
  /** Each member's own answer on their calendar, so the verdict can be judged again later. */
  responses: z.record(EntityId, EventResponse).optional(),
});
export type NewCalendarMeeting = z.input<typeof NewCalendarMeeting>;

/** A meeting's verdict judged again (the policy or the host's capture changed). */
export const CalendarVerdict = NewCalendarMeeting.pick({
  key: true,
  hostMemberId: true,
  verdict: true,
  reasons: true,
});
export type CalendarVerdict = z.input<typeof CalendarVerdict>;

export interface CalendarMeeting {
  key: string;
  hostMemberId: string;
  memberIds: string[];
  event: CalendarEvent;
  participants: Participant[];
  verdict: MeetingVerdict;
  reasons: MeetingReason[];
  /** Each member's own answer; empty for meetings stored before it was kept. */
  responses: Record<string, EventResponse>;
  syncedAt: string;
}

const Details = z.strictObject({
  memberIds: z.array(z.string()),
  event: CalendarEvent,
  participants: z.array(Participant),
  responses: z.record(z.string(), EventResponse).optional(),
});

/** Which meetings to list: those starting in [from, to), after a position, of a verdict or member. */
export const CalendarMeetingQuery = z.strictObject({
  from: InstantSchema.optional(),
  to: InstantSchema.optional(),
  verdict: MeetingVerdict.optional(),
  memberId: EntityId.optional(),
  /** Lists the meetings after this one, in (start, key) order. */
  after: z.strictObject({ startsAt: InstantSchema, key: z.string().min(1) }).optional(),
  limit: z.number().int().min(1).max(1000),
});
export type CalendarMeetingQuery = z.input<typeof CalendarMeetingQuery>;

export interface CalendarMeetingRepository {
  /**
   * Replaces the company's meetings starting in [from, to) with `meetings` (all or nothing): a
   * meeting gone from the calendars is gone from the list.
   */
  replaceWindow(
    companyId: string,
    window: { from: string; to: string },
    meetings: readonly NewCalendarMeeting[],
  ): Promise<number>;
  /** The company's meetings by start then key, filtered; at most `limit`. */
  list(companyId: string, query: CalendarMeetingQuery): Promise<CalendarMeeting[]>;
  /** Replaces the verdict, reasons and host of meetings judged again; answers how many changed. */
  setVerdicts(companyId: string, verdicts: readonly CalendarVerdict[]): Promise<number>;
}

/**
 * The calendar_meetings table: upcoming meetings read from the members' calendars.
 * @example await store.calendarMeetings.replaceWindow('acme', { from, to }, meetings);
 */
export function calendarMeetingRepository(ctx: RepositoryContext): CalendarMeetingRepository {
  const { db } = ctx;
  return {
    async replaceWindow(companyId, window, meetings) {
      const range = validateInput(
        z.strictObject({ from: InstantSchema, to: InstantSchema }),
        window,
        'meeting window',
      );
      const parsed = validateInput(z.array(NewCalendarMeeting), meetings, 'calendar meeting');
      await requireCompany(ctx, companyId);
      const syncedAt = ctx.now();
      const rows: CalendarMeetingTable[] = parsed.map((meeting) => ({
        company_id: companyId,
        meeting_key: meeting.key,
        ical_uid: meeting.event.iCalUID,
        starts_at: new Date(meeting.event.start).toISOString(),
        ends_at: new Date(meeting.event.end).toISOString(),
        title: meeting.event.title,
        host_member_id: meeting.hostMemberId,
        verdict: meeting.verdict,
        reasons: JSON.stringify(meeting.reasons),
        details: JSON.stringify({
          memberIds: meeting.memberIds,
          event: meeting.event,
          participants: meeting.participants,
          ...(meeting.responses === undefined ? {} : { responses: meeting.responses }),
        }),
        synced_at: syncedAt,
      }));
      const members = parsed.flatMap((meeting) =>
        [...new Set(meeting.memberIds)].map((memberId) => ({
          company_id: companyId,
          meeting_key: meeting.key,
          member_id: memberId,
        })),
      );
      await inTransaction(db, async (trx) => {
        const stale = trx
          .selectFrom('calendar_meetings')
          .select('meeting_key')
          .where('company_id', '=', companyId)
          .where('starts_at', '>=', range.from)
          .where('starts_at', '<', range.to);
        await trx
          .deleteFrom('calendar_meeting_members')
          .where('company_id', '=', companyId)
          .where('meeting_key', 'in', stale)
          .execute();
        await trx
          .deleteFrom('calendar_meetings')
          .where('company_id', '=', companyId)
          .where('starts_at', '>=', range.from)
          .where('starts_at', '<', range.to)
          .execute();
        // A meeting that moved out of the window is replaced by what the calendars say now.
        const keys = rows.map((row) => row.meeting_key);
        for (let at = 0; at < keys.length; at += 500) {
          const chunk = keys.slice(at, at + 500);
          await trx
            .deleteFrom('calendar_meeting_members')
            .where('company_id', '=', companyId)
            .where('meeting_key', 'in', chunk)
            .execute();
          await trx
            .deleteFrom('calendar_meetings')
            .where('company_id', '=', companyId)
            .where('meeting_key', 'in', chunk)
            .execute();
        }
        await insertRows(trx, 'calendar_meetings', rows);
        await insertRows(trx, 'calendar_meeting_members', members);
      });
      return rows.length;
    },

    async list(companyId, query) {
      const q = validateInput(CalendarMeetingQuery, query, 'meeting query');
      let select = db
        .selectFrom('calendar_meetings')
        .selectAll()
        .where('company_id', '=', companyId);
      if (q.from !== undefined) select = select.where('starts_at', '>=', q.from);
      if (q.to !== undefined) select = select.where('starts_at', '<', q.to);
      if (q.verdict !== undefined) select = select.where('verdict', '=', q.verdict);
      if (q.memberId !== undefined) {
        const memberId = q.memberId;
        select = select.where('meeting_key', 'in', (eb) =>
          eb
            .selectFrom('calendar_meeting_members')
            .select('meeting_key')
            .where('company_id', '=', companyId)
            .where('member_id', '=', memberId),
        );
      }
      const after = q.after;
      if (after !== undefined) {
        select = select.where((eb) =>
          eb.or([
            eb('starts_at', '>', after.startsAt),
            eb.and([eb('starts_at', '=', after.startsAt), eb('meeting_key', '>', after.key)]),
          ]),
        );
      }
      return readAll(select.orderBy('starts_at').orderBy('meeting_key').limit(q.limit), toMeeting);
    },

    async setVerdicts(companyId, verdicts) {
      const parsed = validateInput(z.array(CalendarVerdict), verdicts, 'meeting verdict');
      let changed = 0;
      await inTransaction(db, async (trx) => {
        for (const judged of parsed) {
          const result = await trx
            .updateTable('calendar_meetings')
            .set({
              verdict: judged.verdict,
              reasons: JSON.stringify(judged.reasons),
              host_member_id: judged.hostMemberId,
            })
            .where('company_id', '=', companyId)
            .where('meeting_key', '=', judged.key)
            .executeTakeFirst();
          changed += Number(result.numUpdatedRows);
        }
      });
      return changed;
    },
  };
}

function toMeeting(row: CalendarMeetingTable): CalendarMeeting {
  const details = Details.parse(JSON.parse(row.details));
  return {
    key: row.meeting_key,
    hostMemberId: row.host_member_id,
    memberIds: details.memberIds,
    event: details.event,
    participants: details.participants,
    verdict: MeetingVerdict.parse(row.verdict),
    reasons: z.array(MeetingReason).parse(JSON.parse(row.reasons)),
    responses: details.responses ?? {},
    syncedAt: row.synced_at,
  };
}
