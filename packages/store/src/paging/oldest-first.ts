// @internal: how the repositories list a company's rows in the order they were made.
import type { SelectQueryBuilder } from 'kysely';
import type { Database } from '../database/database.js';

/** The tables listed in creation order: each row has a `created_at` instant and an `id`. */
type CreatedTable =
  | 'api_keys'
  | 'companies'
  | 'credentials'
  | 'email_outbox'
  | 'provider_connections';

/**
 * Orders a select oldest first, the id breaking ties between rows of the same instant.
 * @example await oldestFirst(db.selectFrom('api_keys').selectAll()).execute()
 */
export function oldestFirst<T extends CreatedTable, O>(
  query: SelectQueryBuilder<Database, T, O>,
): SelectQueryBuilder<Database, T, O> {
  const narrowed = query as SelectQueryBuilder<Database, CreatedTable, O>;
  return narrowed.orderBy('created_at').orderBy('id') as SelectQueryBuilder<Database, T, O>;
}
