import { z } from 'zod';
import { requireCompany } from '../company-repository/company-repository.js';
import type { ConsentEvidenceTable } from '../database/database.js';
import { EventFields, eventRow } from '../event-row/event-row.js';
import { insertRows } from '../insert-rows/insert-rows.js';
import { asJson, JsonObject } from '../json-value/json-value.js';
import { inPeriod } from '../paging/in-period.js';
import { readAll } from '../read-rows/read-rows.js';
import type { RepositoryContext } from '../repository-context/repository-context.js';
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
      ...eventRow(companyId, event, now),
      details: JSON.stringify(event.details),
      recorded_at: now,
    }));
    return (await insertRows(db, 'consent_evidence', rows)).map(toEvent);
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
      const { meetingId, participant } = f;
      const query = db.selectFrom('consent_evidence').selectAll();
      const equal = { company_id: companyId, meeting_id: meetingId, participant };
      return readAll(inPeriod(query, f, equal), toEvent);
    },
  };
}

function toEvent(row: ConsentEvidenceTable): ConsentEvidenceEvent {
  return {
    ...camelRow(row),
    policyVersion: row.policy_version === null ? null : Number(row.policy_version),
    details: parseStored(JsonObject, row.details, `consent evidence ${row.id}`),
  };
}
