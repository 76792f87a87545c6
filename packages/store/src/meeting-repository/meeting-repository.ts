import type { Kysely } from 'kysely';
import { z } from 'zod';
import { EntityId, requireCompany } from '../company-repository/company-repository.js';
import type { Database, MeetingParticipantTable, MeetingTable } from '../database/database.js';
import { insertRow, insertRows } from '../insert-rows/insert-rows.js';
import { asJson, JsonValue } from '../json-value/json-value.js';
import { readFirst } from '../read-rows/read-rows.js';
import { inTransaction, type RepositoryContext } from '../repository-context/repository-context.js';
import { camelRow } from '../row-case/row-case.js';
import { StoreError } from '../store-error/store-error.js';
import { InstantSchema } from '../timestamp/timestamp.js';
import { parseStored, validateInput } from '../validate-input/validate-input.js';

/** A meeting participant as stored: `internal` and `jurisdiction` already decided. */
export const MeetingParticipantInput = z.strictObject({
  id: EntityId,
  email: z.string().trim().min(3).max(320),
  name: z.string().trim().max(200).nullable().default(null),
  internal: z.boolean(),
  jurisdiction: z
    .string()
    .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/)
    .nullable(),
});
export type MeetingParticipantInput = z.input<typeof MeetingParticipantInput>;
export type MeetingParticipant = z.output<typeof MeetingParticipantInput>;

/**
 * Where a meeting came from; `api` is a bot integration or a client of the API, `calendar` a
 * meeting a sync found on the members' calendars.
 */
export const MeetingSource = z.enum(['api', 'calendar']);
export type MeetingSource = z.infer<typeof MeetingSource>;

export const NewMeeting = z.strictObject({
  id: EntityId,
  title: z.string().trim().min(1).max(500),
  startsAt: InstantSchema,
  endsAt: InstantSchema,
  conferenceUrl: z.string().trim().min(1).max(2000),
  hostMemberId: z.string().trim().min(1).max(128).nullable().default(null),
  /** The recorder display name of the policy in force, so the bot joins under it. */
  recorderName: z.string().max(200),
  policyVersion: z.number().int().positive(),
  source: MeetingSource.default('api'),
  participants: z.array(MeetingParticipantInput).min(1).max(500),
  /** The consent machine's first persisted snapshot. */
  consentState: JsonValue,
});
/** `consentState` is any value that can be written as JSON (a machine's persisted snapshot). */
export type NewMeeting = Omit<z.input<typeof NewMeeting>, 'consentState'> & {
  consentState: unknown;
};

export interface StoredMeeting {
  id: string;
  companyId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  conferenceUrl: string;
  hostMemberId: string | null;
  recorderName: string;
  policyVersion: number;
  source: MeetingSource;
  createdAt: string;
  updatedAt: string;
  /** When the meeting was called off (its calendar event cancelled or gone); null while on. */
  cancelledAt: string | null;
  participants: MeetingParticipant[];
}

export const MeetingPage = z.strictObject({
  /** Meetings starting at or after this moment. */
  from: InstantSchema.optional(),
  /** Meetings starting before this moment. */
  to: InstantSchema.optional(),
  /** The last meeting of the previous page: the list goes on after it. */
  after: z.strictObject({ startsAt: InstantSchema, id: z.string().min(1) }).optional(),
  source: MeetingSource.optional(),
  limit: z.number().int().min(1).max(1000).default(50),
});
export type MeetingPage = z.input<typeof MeetingPage>;

export interface MeetingRepository {
  /** Stores a meeting, its participants and its consent snapshot; a taken id is a `conflict`. */
  create(companyId: string, meeting: NewMeeting): Promise<StoredMeeting>;
  get(companyId: string, meetingId: string): Promise<StoredMeeting | null>;
  /** By start time then id, at most `limit`. */
  list(companyId: string, page?: MeetingPage): Promise<StoredMeeting[]>;
  /** The consent machine's persisted snapshot, or null for an unknown meeting. */
  consentState(companyId: string, meetingId: string): Promise<JsonValue | null>;
  /**
   * Takes the meeting row for the rest of the transaction this runs in: another process taking
   * it waits until this one commits, then reads what it wrote. Run it before reading what the
   * transaction is about to change (the consent snapshot, the evidence chain's head).
   */
  lock(companyId: string, meetingId: string): Promise<void>;
  /** Replaces the consent machine's snapshot (the machine is the authority on what it holds). */
  saveConsentState(companyId: string, meetingId: string, state: unknown): Promise<void>;
  /** Moves a meeting to new times (its calendar event moved); answers the meeting as it is now. */
  reschedule(
    companyId: string,
    meetingId: string,
    times: { startsAt: string; endsAt: string },
  ): Promise<StoredMeeting>;
  /** Calls a meeting off at `at`, or (null) puts it back on; answers the meeting as it is now. */
  setCancelled(companyId: string, meetingId: string, at: string | null): Promise<StoredMeeting>;
}

const MeetingTimes = z.strictObject({ startsAt: InstantSchema, endsAt: InstantSchema });

/**
 * The meetings and meeting_participants tables, with each meeting's consent machine snapshot.
 * @example await store.meetings.create('acme', { id, title, startsAt, endsAt, conferenceUrl, recorderName, policyVersion: 1, participants, consentState })
 */
export function meetingRepository(ctx: RepositoryContext): MeetingRepository {
  const { db } = ctx;
  const ofCompany = (companyId: string) =>
    db.selectFrom('meetings').selectAll().where('company_id', '=', companyId);
  const withParticipants = async (rows: readonly MeetingTable[]): Promise<StoredMeeting[]> => {
    if (rows.length === 0) return [];
    const participants = await db
      .selectFrom('meeting_participants')
      .selectAll()
      .where(
        'meeting_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('meeting_id')
      .orderBy('position')
      .execute();
    return rows.map((row) =>
      toMeeting(
        row,
        participants.filter((p) => p.meeting_id === row.id),
      ),
    );
  };
  const get = async (companyId: string, meetingId: string) => {
    const row = await readFirst(ofCompany(companyId).where('id', '=', meetingId), (r) => r);
    return row === null ? null : ((await withParticipants([row]))[0] ?? null);
  };
  return {
    async create(companyId, input) {
      const meeting = validateInput(NewMeeting, asJson(input, 'meeting'), 'meeting');
      await requireCompany(ctx, companyId);
      const now = ctx.now();
      const row: MeetingTable = {
        id: meeting.id,
        company_id: companyId,
        title: meeting.title,
        starts_at: meeting.startsAt,
        ends_at: meeting.endsAt,
        conference_url: meeting.conferenceUrl,
        host_member_id: meeting.hostMemberId,
        recorder_name: meeting.recorderName,
        policy_version: meeting.policyVersion,
        source: meeting.source,
        consent_state: JSON.stringify(meeting.consentState),
        evidence_seq: 0,
        evidence_hash: null,
        created_at: now,
        updated_at: now,
        cancelled_at: null,
      };
      const participants: MeetingParticipantTable[] = meeting.participants.map((p, position) => ({
        meeting_id: meeting.id,
        id: p.id,
        position,
        email: p.email,
        name: p.name,
        internal: p.internal ? 1 : 0,
        jurisdiction: p.jurisdiction,
      }));
      await inTransaction(db, async (trx) => {
        const taken = await trx
          .selectFrom('meetings')
          .select('id')
          .where('id', '=', meeting.id)
          .executeTakeFirst();
        if (taken !== undefined) {
          throw new StoreError('conflict', `meeting "${meeting.id}" already exists`, {
            field: 'id',
          });
        }
        await insertRow(trx, 'meetings', row);
        await insertRows(trx, 'meeting_participants', participants);
      });
      return toMeeting(row, participants);
    },
    get,
    async list(companyId, page = {}) {
      const { from, to, after, source, limit } = validateInput(MeetingPage, page, 'meeting page');
      let query = ofCompany(companyId);
      if (source !== undefined) query = query.where('source', '=', source);
      if (from !== undefined) query = query.where('starts_at', '>=', from);
      if (to !== undefined) query = query.where('starts_at', '<', to);
      if (after !== undefined) {
        query = query.where((eb) =>
          eb.or([
            eb('starts_at', '>', after.startsAt),
            eb.and([eb('starts_at', '=', after.startsAt), eb('id', '>', after.id)]),
          ]),
        );
      }
      const rows = await query.orderBy('starts_at').orderBy('id').limit(limit).execute();
      return withParticipants(rows);
    },
    async consentState(companyId, meetingId) {
      const row = await ofCompany(companyId)
        .clearSelect()
        .select('consent_state')
        .where('id', '=', meetingId)
        .executeTakeFirst();
      if (row === undefined) return null;
      return parseStored(JsonValue, row.consent_state, `consent state of meeting ${meetingId}`);
    },
    lock: (companyId, meetingId) => lockMeetingRow(db, companyId, meetingId),
    async saveConsentState(companyId, meetingId, state) {
      const parsed = validateInput(
        JsonValue,
        asJson(state, 'consent machine snapshot'),
        'consent machine snapshot',
      );
      await update(companyId, meetingId, { consent_state: JSON.stringify(parsed) });
    },
    async reschedule(companyId, meetingId, times) {
      const { startsAt, endsAt } = validateInput(MeetingTimes, times, 'meeting times');
      await update(companyId, meetingId, { starts_at: startsAt, ends_at: endsAt });
      return (await get(companyId, meetingId))!;
    },
    async setCancelled(companyId, meetingId, at) {
      const cancelledAt = validateInput(InstantSchema.nullable(), at, 'cancelledAt');
      await update(companyId, meetingId, { cancelled_at: cancelledAt });
      return (await get(companyId, meetingId))!;
    },
  };

  async function update(
    companyId: string,
    meetingId: string,
    changes: Partial<
      Pick<MeetingTable, 'consent_state' | 'starts_at' | 'ends_at' | 'cancelled_at'>
    >,
  ): Promise<void> {
    const result = await db
      .updateTable('meetings')
      .set({ ...changes, updated_at: ctx.now() })
      .where('company_id', '=', companyId)
      .where('id', '=', meetingId)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw missing(meetingId);
  }
}

/**
 * Takes a meeting's row lock with an update that changes nothing: plain SQL both databases
 * hold until the transaction ends (SQLite's one writer already takes writes in turn).
 * @example await lockMeetingRow(trx, 'acme', 'm1')
 */
export async function lockMeetingRow(
  db: Kysely<Database>,
  companyId: string,
  meetingId: string,
): Promise<void> {
  await db
    .updateTable('meetings')
    .set((eb) => ({ evidence_seq: eb.ref('evidence_seq') }))
    .where('company_id', '=', companyId)
    .where('id', '=', meetingId)
    .execute();
}

function missing(meetingId: string): StoreError {
  return new StoreError('not_found', `meeting "${meetingId}" does not exist`, {
    field: 'meetingId',
  });
}

function toMeeting(
  row: MeetingTable,
  participants: readonly MeetingParticipantTable[],
): StoredMeeting {
  const { consent_state, evidence_seq, evidence_hash, company_id, ...rest } = row;
  return {
    ...camelRow(rest),
    companyId: company_id,
    policyVersion: Number(row.policy_version),
    source: MeetingSource.parse(row.source),
    participants: participants.map((p) => ({
      id: p.id,
      email: p.email,
      name: p.name,
      internal: Number(p.internal) === 1,
      jurisdiction: p.jurisdiction,
    })),
  };
}
