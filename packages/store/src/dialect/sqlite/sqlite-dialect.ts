// @internal: used only inside @capture-doctor/store.
import { dirname, join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type Dialect, type SqliteDatabase, SqliteDialect } from 'kysely';
import { restrictFile, restrictFolder } from '../../private-files/private-files.js';

/**
 * The database file inside a data folder: the service, `sync` and `keys` must all find the same one.
 * @example databaseFileIn('./data') // "data/capture-doctor.sqlite"
 */
export function databaseFileIn(dataDir: string): string {
  return join(dataDir, 'capture-doctor.sqlite');
}

/** Where the database lives when no file is given, relative to the working directory. */
export const DEFAULT_DATABASE_FILE = `./${databaseFileIn('data')}`;

/** True for SQLite's in-memory database names, which have no file and no directory. */
export function isInMemory(file: string): boolean {
  return file === ':memory:' || file === '';
}

/**
 * The file as the store reports it: absolute, or `:memory:`.
 * @example resolveDatabaseFile('data/capture-doctor.sqlite') // "/srv/app/data/capture-doctor.sqlite"
 */
export function resolveDatabaseFile(file: string): string {
  return isInMemory(file) ? ':memory:' : resolve(file);
}

/**
 * The folder holding the database (and the key file beside it); null for an in-memory database.
 * @example dataFolderOf('/srv/data/capture-doctor.sqlite') // "/srv/data"
 */
export function dataFolderOf(file: string): string | null {
  return isInMemory(file) ? null : dirname(resolve(file));
}

/**
 * The SQLite dialect: opens the file (creating its folder 0700 and the files 0600), turns on WAL
 * and foreign keys. This is the only place that speaks SQLite; a PostgreSQL dialect sits beside it.
 * @example const db = new Kysely<Database>({ dialect: createSqliteDialect('data/capture-doctor.sqlite') });
 */
export function createSqliteDialect(
  file: string,
  warn: (message: string) => void = () => {},
): Dialect {
  const inMemory = isInMemory(file);
  if (!inMemory) {
    restrictFolder(dirname(resolve(file)), warn);
    restrictFile(file, warn);
    // SQLite makes the WAL files with the database file's mode; an older start may have left
    // them open to others.
    for (const suffix of ['-wal', '-shm']) restrictFile(`${file}${suffix}`, warn, false);
  }
  const database = new BetterSqlite3(file);
  if (!inMemory) database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // Overwrite deleted content, so an erased (revoked) ciphertext does not linger in free pages.
  database.pragma('secure_delete = ON');
  // WAL with NORMAL sync stays durable across a killed process; only a power loss may drop the last commit.
  database.pragma('synchronous = NORMAL');
  return new SqliteDialect({ database: withStatementCache(database) });
}

/**
 * True when `error` is SQLite refusing a row whose foreign key names a missing row.
 * @example if (isSqliteForeignKeyViolation(error)) throw companyNotFound(companyId);
 */
export function isSqliteForeignKeyViolation(error: unknown): boolean {
  return (
    error instanceof BetterSqlite3.SqliteError && error.code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
  );
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
