// @internal: how the append-only repositories page through their rows by time.
import type { SelectQueryBuilder } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../database/database.js';
import type { TimeRange } from '../time-range/time-range.js';

/** The tables read by time: each row has an `at` instant and an `id` that breaks ties. */
type TimedTable = 'audit_log' | 'consent_evidence' | 'ingestion_audit';

/** A parsed TimeRange: instants as stored, its defaults filled in. */
type Period = z.output<typeof TimeRange>;

/**
 * Narrows a select to the rows whose `equal` columns hold the given values (an undefined value
 * filters nothing), from `from` (inclusive) to `to` (exclusive), ordered by time then id, at most
 * `limit` rows: the same paging for the audit log, the consent evidence and the ingestion audit.
 * @example await inPeriod(db.selectFrom('audit_log').selectAll(), { limit: 10, order: 'desc' }, { action }).execute()
 */
export function inPeriod<T extends TimedTable, O>(
  query: SelectQueryBuilder<Database, T, O>,
  period: Period,
  equal: Partial<Record<keyof Database[T] & string, string>> = {},
): SelectQueryBuilder<Database, T, O> {
  let narrowed = query as SelectQueryBuilder<Database, TimedTable, O>;
  for (const [column, value] of Object.entries(equal)) {
    // `equal` only names columns of T; the cast names one for the type checker.
    if (value !== undefined) narrowed = narrowed.where(column as 'company_id', '=', value);
  }
  if (period.from !== undefined) narrowed = narrowed.where('at', '>=', period.from);
  if (period.to !== undefined) narrowed = narrowed.where('at', '<', period.to);
  if (period.after !== undefined) {
    const [at, id] = period.after;
    const past = period.order === 'asc' ? '>' : '<';
    narrowed = narrowed.where((eb) =>
      eb.or([eb('at', past, at), eb.and([eb('at', '=', at), eb('id', past, id)])]),
    );
  }
  return narrowed
    .orderBy('at', period.order)
    .orderBy('id', period.order)
    .limit(period.limit) as SelectQueryBuilder<Database, T, O>;
}
