import { hash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { canonicalJson } from '../canonical-json/canonical-json.js';
import { requireCompany } from '../company-repository/company-repository.js';
import type { ConsentEvidenceTable, Database } from '../database/database.js';
import { EventFields, eventRow } from '../event-row/event-row.js';
import { insertRows } from '../insert-rows/insert-rows.js';
import { asJson, JsonObject } from '../json-value/json-value.js';
import { lockMeetingRow } from '../meeting-repository/meeting-repository.js';
import { inPeriod } from '../paging/in-period.js';
import { readAll } from '../read-rows/read-rows.js';
import { inTransaction, type RepositoryContext } from '../repository-context/repository-context.js';
import { camelRow } from '../row-case/row-case.js';
import { TimeRange } from '../time-range/time-range.js';
import { parseStored, validateInput } from '../validate-input/validate-input.js';

export const NewConsentEvidence = z.strictObject({
  meetingId: z.string().trim().min(1).max(256),
  /** The consent policy version in force when it happened. */
  policyVersion: z.number().int().positive().nullable().default(null),
  /** Who it concerns (a participant's address or id); null for meeting-wide steps. */
  participant: z.string().trim().min(1).max(320).nullable().default(null),
  /** What happened, e.g. `notice_sent`, `consent_accepted`, `recorder_removed`. */
  kind: z.string().trim().min(1).max(100),
  ...EventFields,
});
export type NewConsentEvidence = z.input<typeof NewConsentEvidence>;

export interface ConsentEvidenceEvent {
  id: string;
  companyId: string;
  meetingId: string;
  /** The event's place in its meeting's chain, from 1. */
  seq: number | null;
  policyVersion: number | null;
  participant: string | null;
  kind: string;
  at: string;
  details: JsonObject;
  recordedAt: string;
  /** The hash of the meeting's previous event; null for its first. */
  prevHash: string | null;
  /** SHA-256 (hex) over the canonical JSON of this event and `prevHash`. */
  hash: string | null;
}

export const ConsentEvidenceFilter = TimeRange.extend({
  meetingId: z.string().min(1).optional(),
  participant: z.string().min(1).optional(),
});
export type ConsentEvidenceFilter = z.input<typeof ConsentEvidenceFilter>;

export const ChainPage = z.strictObject({
  /** Events after this seq (the last seq of the previous page). */
  afterSeq: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(10_000).default(1000),
});
export type ChainPage = z.input<typeof ChainPage>;

/** Why a link of a meeting's evidence chain does not hold. */
export type BrokenLinkReason =
  | 'hash_mismatch'
  | 'prev_hash_mismatch'
  | 'seq_gap'
  | 'missing_events'
  | 'not_chained';

/** The outcome of checking a meeting's evidence chain: valid, or where it first breaks. */
export type ChainCheck =
  | { valid: true; events: number; head: string | null }
  | {
      valid: false;
      brokenAt: { seq: number; id: string | null; reason: BrokenLinkReason; expected: string };
    };

/** Append-only: there is no method to change or delete evidence. */
export interface ConsentEvidenceRepository {
  /** Appends one event at the end of its meeting's chain. */
  append(companyId: string, event: NewConsentEvidence): Promise<ConsentEvidenceEvent>;
  /** Appends several events, in order, in one transaction: all or nothing. */
  appendMany(
    companyId: string,
    events: readonly NewConsentEvidence[],
  ): Promise<ConsentEvidenceEvent[]>;
  /** In the order things happened (or newest first with `order: 'desc'`). */
  list(companyId: string, filter?: ConsentEvidenceFilter): Promise<ConsentEvidenceEvent[]>;
  /** One meeting's events in chain order, a page at a time. */
  chain(companyId: string, meetingId: string, page?: ChainPage): Promise<ConsentEvidenceEvent[]>;
  /** Recomputes every hash of a meeting's chain; reports the first link that does not hold. */
  verify(companyId: string, meetingId: string): Promise<ChainCheck>;
}

/**
 * The consent_evidence table: what each participant was told and accepted, under which policy,
 * each event chained to the previous one of its meeting by a SHA-256 hash.
 * @example await store.consentEvidence.append('acme', { meetingId: 'm1', kind: 'notice_sent', participant: 'bo@x.example' });
 */
export function consentEvidenceRepository(ctx: RepositoryContext): ConsentEvidenceRepository {
  const { db } = ctx;
  const appendMany = async (companyId: string, events: readonly NewConsentEvidence[]) => {
    const parsed = validateInput(
      z.array(NewConsentEvidence),
      asJson(events, 'consent evidence'),
      'consent evidence',
    );
    await requireCompany(ctx, companyId);
    const now = ctx.now();
    return inTransaction(db, async (trx) => {
      // Two processes appending to one meeting's chain would both read the same head: taking
      // the meeting row first makes the second wait, then read the head the first committed.
      for (const meetingId of [...new Set(parsed.map((event) => event.meetingId))].sort()) {
        await lockMeetingRow(trx, companyId, meetingId);
      }
      const heads = new Map<string, { seq: number; hash: string | null }>();
      const rows: ConsentEvidenceTable[] = [];
      for (const event of parsed) {
        const head =
          heads.get(event.meetingId) ?? (await chainHead(trx, companyId, event.meetingId));
        const { details, ...fields } = event;
        const row = chained(
          {
            ...eventRow(companyId, fields, now),
            details: JSON.stringify(details),
            recorded_at: now,
          },
          head,
        );
        heads.set(event.meetingId, { seq: row.seq ?? 0, hash: row.hash });
        rows.push(row);
      }
      await insertRows(trx, 'consent_evidence', rows);
      for (const [meetingId, head] of heads) {
        await trx
          .updateTable('meetings')
          .set({ evidence_seq: head.seq, evidence_hash: head.hash })
          .where('company_id', '=', companyId)
          .where('id', '=', meetingId)
          .execute();
      }
      return rows.map(toEvent);
    });
  };
  const chainRows = (companyId: string, meetingId: string) =>
    db
      .selectFrom('consent_evidence')
      .selectAll()
      .where('company_id', '=', companyId)
      .where('meeting_id', '=', meetingId)
      .orderBy('seq')
      .orderBy('id');
  return {
    async append(companyId, event) {
      const [stored] = await appendMany(companyId, [
        validateInput(NewConsentEvidence, asJson(event, 'consent evidence'), 'consent evidence'),
      ]);
      return stored!;
    },
    appendMany,
    async list(companyId, filter = {}) {
      const f = validateInput(ConsentEvidenceFilter, filter, 'consent evidence filter');
      const { meetingId, participant } = f;
      const query = db.selectFrom('consent_evidence').selectAll();
      const equal = { company_id: companyId, meeting_id: meetingId, participant };
      return readAll(inPeriod(query, f, equal), toEvent);
    },
    async chain(companyId, meetingId, page = {}) {
      const { afterSeq, limit } = validateInput(ChainPage, page, 'evidence page');
      return readAll(
        chainRows(companyId, meetingId).where('seq', '>', afterSeq).limit(limit),
        toEvent,
      );
    },
    async verify(companyId, meetingId) {
      const rows = await chainRows(companyId, meetingId).execute();
      const meeting = await db
        .selectFrom('meetings')
        .select(['evidence_seq', 'evidence_hash'])
        .where('company_id', '=', companyId)
        .where('id', '=', meetingId)
        .executeTakeFirst();
      return checkChain(
        rows,
        meeting ? { seq: Number(meeting.evidence_seq), hash: meeting.evidence_hash } : null,
      );
    },
  };
}

async function chainHead(
  db: Kysely<Database>,
  companyId: string,
  meetingId: string,
): Promise<{ seq: number; hash: string | null }> {
  const last = await db
    .selectFrom('consent_evidence')
    .select(['seq', 'hash'])
    .where('company_id', '=', companyId)
    .where('meeting_id', '=', meetingId)
    .where('seq', 'is not', null)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last ? { seq: Number(last.seq), hash: last.hash } : { seq: 0, hash: null };
}

/** The row with its place in the chain and its hash, linked to `head`. */
function chained(
  row: Omit<ConsentEvidenceTable, 'seq' | 'prev_hash' | 'hash'>,
  head: { seq: number; hash: string | null },
): ConsentEvidenceTable {
  const linked = { ...row, seq: head.seq + 1, prev_hash: head.hash };
  return { ...linked, hash: linkHash(linked) };
}

/**
 * SHA-256 over the canonical JSON of everything the row says, including the previous hash: a
 * changed field, a removed or reordered row all change some hash further on.
 */
function linkHash(row: Omit<ConsentEvidenceTable, 'hash'>): string {
  const body = {
    id: row.id,
    companyId: row.company_id,
    meetingId: row.meeting_id,
    seq: row.seq === null ? null : Number(row.seq),
    policyVersion: row.policy_version === null ? null : Number(row.policy_version),
    participant: row.participant,
    kind: row.kind,
    at: row.at,
    details: storedDetails(row.details),
    recordedAt: row.recorded_at,
    prevHash: row.prev_hash,
  };
  return hash('sha256', canonicalJson(body), 'hex');
}

// An edited details text that is no longer JSON must still hash (to something else), not throw.
function storedDetails(text: string): JsonObject | string {
  try {
    const parsed = JsonObject.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : text;
  } catch {
    return text;
  }
}

function checkChain(
  rows: readonly ConsentEvidenceTable[],
  head: { seq: number; hash: string | null } | null,
): ChainCheck {
  let prev: string | null = null;
  for (const [index, row] of rows.entries()) {
    const seq = index + 1;
    const broken = (reason: BrokenLinkReason, expected: string): ChainCheck => ({
      valid: false,
      brokenAt: { seq, id: row.id, reason, expected },
    });
    if (row.seq === null || row.hash === null) return broken('not_chained', 'a chained event');
    if (Number(row.seq) !== seq) return broken('seq_gap', `seq ${seq}`);
    if (row.prev_hash !== prev) return broken('prev_hash_mismatch', `prevHash ${prev ?? 'null'}`);
    const recomputed = linkHash(row);
    if (row.hash !== recomputed) return broken('hash_mismatch', `hash ${recomputed}`);
    prev = row.hash;
  }
  // The meeting remembers its last link: rows removed from the end of the chain show here.
  if (head !== null && (head.seq !== rows.length || head.hash !== prev)) {
    const seq = head.seq > rows.length ? rows.length + 1 : Math.min(head.seq + 1, rows.length);
    return {
      valid: false,
      brokenAt: {
        seq,
        id: null,
        reason: 'missing_events',
        expected: `${head.seq} events ending in hash ${head.hash ?? 'null'}`,
      },
    };
  }
  return { valid: true, events: rows.length, head: prev };
}

function toEvent(row: ConsentEvidenceTable): ConsentEvidenceEvent {
  return {
    ...camelRow(row),
    seq: row.seq === null ? null : Number(row.seq),
    policyVersion: row.policy_version === null ? null : Number(row.policy_version),
    details: parseStored(JsonObject, row.details, `consent evidence ${row.id}`),
  };
}
