import Database from 'better-sqlite3';
import pg from 'pg';
import { testDatabaseUrl } from '../testing/test-database.js';

/**
 * Runs one SQL statement straight on a test store's tables, around its repositories (e.g. to
 * tamper with append-only evidence): in the schema `testDatabaseUrl(name)` made on PostgreSQL,
 * else in the SQLite `file`. Placeholders are written `?`.
 * @example await runTestSql(dir, store.file, 'DELETE FROM consent_evidence WHERE seq = ?', 3)
 */
export async function runTestSql(
  name: string,
  file: string,
  statement: string,
  ...params: Array<string | number>
): Promise<void> {
  const url = await testDatabaseUrl(name);
  if (url === undefined) {
    const db = new Database(file);
    try {
      db.prepare(statement).run(...params);
    } finally {
      db.close();
    }
    return;
  }
  let placeholder = 0;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      statement.replace(/\?/g, () => `$${++placeholder}`),
      params,
    );
  } finally {
    await client.end();
  }
}
