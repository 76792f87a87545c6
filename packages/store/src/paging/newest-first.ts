// @internal: how the history repositories page through their rows, newest first.
import type { SelectQueryBuilder } from 'kysely';
import type { Database } from '../database/database.js';
import { HistoryPage } from '../history-page/history-page.js';
import { StoreError } from '../store-error/store-error.js';
import { validateInput } from '../validate-input/validate-input.js';

/** The tables listed as a history: each row has a `created_at` instant and an `id`. */
type HistoryTable = 'capture_snapshots' | 'evaluations';

/**
 * The `page.limit` newest rows of `query`, newest first, older than the row `page.before` when
 * given (the last id of the previous page; the id breaks ties between rows of the same instant).
 * An unknown `before` is `not_found`, naming `what`.
 * @example await newestFirst(db.selectFrom('evaluations').selectAll(), { limit: 50 }, 'evaluation')
 */
export async function newestFirst<T extends HistoryTable, O>(
  query: SelectQueryBuilder<Database, T, O>,
  page: HistoryPage,
  what: string,
): Promise<O[]> {
  const { limit, before } = validateInput(HistoryPage, page, 'history page');
  let narrowed = query as SelectQueryBuilder<Database, HistoryTable, O>;
  if (before !== undefined) {
    const anchor = await narrowed
      .clearSelect()
      .select(['id', 'created_at'])
      .where('id', '=', before)
      .executeTakeFirst();
    if (anchor === undefined) {
      throw new StoreError('not_found', `${what} "${before}" does not exist`, { field: 'before' });
    }
    narrowed = narrowed.where((eb) =>
      eb.or([
        eb('created_at', '<', anchor.created_at),
        eb.and([eb('created_at', '=', anchor.created_at), eb('id', '<', anchor.id)]),
      ]),
    );
  }
  return narrowed.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}
