// @internal: used only inside @capture-doctor/store.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type Dialect, type SqliteDatabase, SqliteDialect } from 'kysely';

/** True for SQLite's in-memory database names, which have no file and no directory. */
export function isInMemory(file: string): boolean {
  return file === ':memory:' || file === '';
}

/**
 * The SQLite dialect: opens the file (creating its directory), turns on WAL and foreign keys.
 * This is the only place that speaks SQLite; a PostgreSQL dialect would sit beside it.
 * @example const db = new Kysely<Database>({ dialect: createSqliteDialect('data/capture-doctor.sqlite') });
 */
export function createSqliteDialect(file: string): Dialect {
  if (!isInMemory(file)) mkdirSync(dirname(file), { recursive: true });
  const database = new BetterSqlite3(file);
  if (!isInMemory(file)) database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // Overwrite deleted content, so an erased (revoked) ciphertext does not linger in free pages.
  database.pragma('secure_delete = ON');
  // WAL with NORMAL sync stays durable across a killed process; only a power loss may drop the last commit.
  database.pragma('synchronous = NORMAL');
  return new SqliteDialect({ database: withStatementCache(database) });
}

const STATEMENT_CACHE_SIZE = 256;

// kysely prepares every query again; preparing costs more than running the short queries the
// API makes per request (the key lookup above all), so statements are kept by their SQL text.
// better-sqlite3 runs one statement at a time and re-prepares itself after a schema change.
function withStatementCache(database: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = database.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_SIZE) {
          statements.delete(statements.keys().next().value as string);
        }
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
