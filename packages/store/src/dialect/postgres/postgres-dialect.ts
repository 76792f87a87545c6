// @internal: used only inside @capture-doctor/store.
import { type Dialect, type Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';

/** The environment variable that selects PostgreSQL: a `postgres://` connection URL. */
export const DATABASE_URL_ENV = 'CAPTURE_DOCTOR_DATABASE_URL';

/** Connections each process keeps open; several processes share one server's limit. */
const POOL_SIZE = 10;

/**
 * True for the URLs that select PostgreSQL.
 * @example isPostgresUrl('postgres://app@db/capture') // true
 */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url.trim());
}

/**
 * The URL as the store reports it: the password replaced, so it can be logged.
 * @example describePostgresUrl('postgres://app:s3cret@db/capture') // "postgres://app:***@db/capture"
 */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unreadable URL)';
  }
}

/**
 * The PostgreSQL dialect: a node-postgres pool on the URL. Everything the store reads back is
 * text or a 4-byte integer, so node-postgres' default type parsing already matches SQLite's.
 * @example const db = new Kysely<Database>({ dialect: createPostgresDialect(process.env.CAPTURE_DOCTOR_DATABASE_URL) });
 */
export function createPostgresDialect(url: string): Dialect {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
  // An idle connection the server drops (a restart, a failover) must not end the process.
  pool.on('error', () => {});
  return new PostgresDialect({ pool });
}

/**
 * The schema the connection writes to (its search_path's first): the migrations keep their own
 * bookkeeping there too, rather than finding another schema's tables in the same database.
 * @example await migrateToLatest(db, migrations, await currentSchema(db));
 */
export async function currentSchema(db: Kysely<unknown>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (schema === undefined) throw new Error('the PostgreSQL connection has no current schema');
  return schema;
}
