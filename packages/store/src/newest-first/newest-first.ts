// @internal: how the history repositories page through their rows, newest first.
import type { SelectQueryBuilder } from 'kysely';
import type { Database } from '../database/database.js';

/** The tables listed as a history: each row has a `created_at` instant and an `id`. */
type HistoryTable = 'capture_snapshots' | 'evaluations';

/**
 * Narrows a select to the `limit` newest rows, newest first, older than `anchor` when given
 * (the last row of the previous page; the id breaks ties between rows of the same instant).
 * @example await newestFirst(db.selectFrom('evaluations').selectAll(), lastOfPage, 50).execute()
 */
export function newestFirst<T extends HistoryTable, O>(
  query: SelectQueryBuilder<Database, T, O>,
  anchor: { id: string; created_at: string } | undefined,
  limit: number,
): SelectQueryBuilder<Database, T, O> {
  let narrowed = query as SelectQueryBuilder<Database, HistoryTable, O>;
  if (anchor !== undefined) {
    narrowed = narrowed.where((eb) =>
      eb.or([
        eb('created_at', '<', anchor.created_at),
        eb.and([eb('created_at', '=', anchor.created_at), eb('id', '<', anchor.id)]),
      ]),
    );
  }
  return narrowed
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit) as SelectQueryBuilder<Database, T, O>;
}
