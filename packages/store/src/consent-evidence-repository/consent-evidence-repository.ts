import { z } from 'zod';
import { requireCompany } from '../company-repository/company-repository.js';
import type { ConsentEvidenceTable } from '../database/database.js';
import { inPeriod } from '../in-period/in-period.js';
import { asJson, JsonObject } from '../json-value/json-value.js';
import { newId } from '../new-id/new-id.js';
import { inTransaction, type RepositoryContext } from '../repository-context/repository-context.js';
import { TimeRange } from '../time-range/time-range.js';
import { InstantSchema } from '../timestamp/timestamp.js';
import { parseStored, validateInput } from '../validate-input/validate-input.js';

export const NewConsentEvidence = z.strictObject({
  meetingId: z.string().trim().min(1).max(256),
  /** The consent policy version in force when it happened. */
  policyVersion: z.number().int().positive().nullable().default(null),
  /** Who it concerns (a participant's address or id); null for meeting-wide steps. */
  participant: z.string().trim().min(1).max(320).nullable().default(null),
  /** What happened, e.g. `notice_sent`, `consent_accepted`, `recorder_removed`. */
  kind: z.string().trim().min(1).max(100),
  /** When it happened; defaults to now. */
  at: InstantSchema.optional(),
  details: JsonObject.default({}),
});
export type NewConsentEvidence = z.input<typeof NewConsentEvidence>;

export interface ConsentEvidenceEvent {
  id: string;
  companyId: string;
  meetingId: string;
  policyVersion: number | null;
  participant: string | null;
  kind: string;
  at: string;
  details: JsonObject;
  recordedAt: string;
}

export const ConsentEvidenceFilter = TimeRange.extend({
  meetingId: z.string().min(1).optional(),
  participant: z.string().min(1).optional(),
});
export type ConsentEvidenceFilter = z.input<typeof ConsentEvidenceFilter>;

/** Append-only: there is no method to change or delete evidence. */
export interface ConsentEvidenceRepository {
  append(companyId: string, event: NewConsentEvidence): Promise<ConsentEvidenceEvent>;
  /** Appends several events in one transaction: all or nothing. */
  appendMany(
    companyId: string,
    events: readonly NewConsentEvidence[],
  ): Promise<ConsentEvidenceEvent[]>;
  /** In the order things happened (or newest first with `order: 'desc'`). */
  list(companyId: string, filter?: ConsentEvidenceFilter): Promise<ConsentEvidenceEvent[]>;
}

/**
 * The consent_evidence table: what each participant was told and accepted, under which policy.
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
    const rows: ConsentEvidenceTable[] = parsed.map((event) => ({
      id: newId(),
      company_id: companyId,
      meeting_id: event.meetingId,
      policy_version: event.policyVersion,
      participant: event.participant,
      kind: event.kind,
      at: event.at ?? now,
      details: JSON.stringify(event.details),
      recorded_at: now,
    }));
    await inTransaction(db, async (trx) => {
      for (const row of rows) await trx.insertInto('consent_evidence').values(row).execute();
    });
    return rows.map(toEvent);
  };
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
      let query = db.selectFrom('consent_evidence').selectAll().where('company_id', '=', companyId);
      if (f.meetingId !== undefined) query = query.where('meeting_id', '=', f.meetingId);
      if (f.participant !== undefined) query = query.where('participant', '=', f.participant);
      const rows = await inPeriod(query, f).execute();
      return rows.map(toEvent);
    },
  };
}

function toEvent(row: ConsentEvidenceTable): ConsentEvidenceEvent {
  return {
    id: row.id,
    companyId: row.company_id,
    meetingId: row.meeting_id,
    policyVersion: row.policy_version === null ? null : Number(row.policy_version),
    participant: row.participant,
    kind: row.kind,
    at: row.at,
    details: parseStored(JsonObject, row.details, `consent evidence ${row.id}`),
    recordedAt: row.recorded_at,
  };
}
