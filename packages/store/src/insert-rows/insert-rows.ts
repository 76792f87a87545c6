// @internal: used only inside @capture-doctor/store.
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../database/database.js';
import { inTransaction } from '../repository-context/repository-context.js';

// Rows per INSERT: well under the bound-parameter limits of SQLite (32,766) and PostgreSQL
// (65,535) for the widest table, and few statements for a 10,000-member evaluation.
const ROWS_PER_STATEMENT = 200;

/**
 * Inserts `rows` into `table` all or nothing (one transaction, joining the caller's), and
 * returns them as written.
 * @example const [row] = await insertRows(db, 'companies', [{ id, name, created_at, updated_at }]);
 */
export async function insertRows<T extends keyof Database, R extends Insertable<Database[T]>>(
  db: Kysely<Database>,
  table: T,
  rows: readonly R[],
): Promise<readonly R[]> {
  if (rows.length === 0) return rows;
  const chunks = inChunks(rows);
  const write = async (into: Kysely<Database>) => {
    for (const chunk of chunks) await into.insertInto(table).values(chunk).execute();
  };
  // One statement is atomic on its own: no transaction to open for it.
  await (chunks.length === 1 ? write(db) : inTransaction(db, write));
  return rows;
}

/**
 * `rows` cut into runs short enough for one statement each.
 * @example for (const chunk of inChunks(rows)) await db.insertInto('t').values(chunk).execute();
 */
export function inChunks<R>(rows: readonly R[]): R[][] {
  const chunks: R[][] = [];
  for (let at = 0; at < rows.length; at += ROWS_PER_STATEMENT) {
    chunks.push(rows.slice(at, at + ROWS_PER_STATEMENT));
  }
  return chunks;
}

/**
 * Inserts one row into `table` and returns it as written.
 * @example return toCompany(await insertRow(db, 'companies', row));
 */
export async function insertRow<T extends keyof Database, R extends Insertable<Database[T]>>(
  db: Kysely<Database>,
  table: T,
  row: R,
): Promise<R> {
  await insertRows(db, table, [row]);
  return row;
}
