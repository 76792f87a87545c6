// @internal: used only inside @capture-doctor/store.
import { type AliasedRawBuilder, sql } from 'kysely';

/**
 * Rows as a VALUES list to read like a table (e.g. in UPDATE ... FROM): its columns are column1,
 * column2, ... on both SQLite and PostgreSQL. Numbers are cast to integer: node-postgres sends
 * parameters untyped, which PostgreSQL reads as text in a VALUES list.
 * @example db.updateTable('t').from(valuesList<{ column1: string }, 'v'>([['a']], 'v'))
 */
export function valuesList<R, A extends string>(
  rows: readonly (readonly (string | number | null)[])[],
  alias: A,
): AliasedRawBuilder<R, A> {
  const cell = (value: string | number | null) =>
    typeof value === 'number' ? sql`cast(${value} as integer)` : sql`${value}`;
  const lines = rows.map((row) => sql`(${sql.join(row.map(cell))})`);
  return sql<R>`(values ${sql.join(lines)})`.as(alias);
}
