// @internal: used only inside @capture-doctor/store.
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresDialect,
  type QueryResult,
  sql,
} from 'kysely';
import pg from 'pg';
import { StoreError } from '../../store-error/store-error.js';

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
  return new NulSafeDialect({ pool });
}

// PostgreSQL text cannot hold a NUL character, which SQLite takes: a lookup by such a value
// finds nothing (nothing stored can hold it), and a write of one is refused as bad input,
// instead of the server's encoding error.
class NulSafeDialect extends PostgresDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    const acquire = driver.acquireConnection.bind(driver);
    driver.acquireConnection = async () => nulSafe(await acquire());
    return driver;
  }
}

// kysely hands out the same connection object for a pooled client again and again.
const guarded = new WeakSet<DatabaseConnection>();

function nulSafe(connection: DatabaseConnection): DatabaseConnection {
  if (guarded.has(connection)) return connection;
  guarded.add(connection);
  const execute = connection.executeQuery.bind(connection);
  connection.executeQuery = <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
    if (!query.parameters.some((p) => typeof p === 'string' && p.includes('\u0000'))) {
      return execute<R>(query);
    }
    const kind = query.query.kind;
    if (kind === 'SelectQueryNode' || kind === 'DeleteQueryNode') {
      return Promise.resolve({ rows: [], numAffectedRows: 0n });
    }
    return Promise.reject(
      new StoreError('invalid_input', 'text with a NUL character cannot be stored'),
    );
  };
  return connection;
}

/** PostgreSQL's SQLSTATE for a row whose foreign key names no row of the referenced table. */
const FOREIGN_KEY_VIOLATION = '23503';

/**
 * True when `error` is PostgreSQL refusing a row whose foreign key names a missing row.
 * @example if (isPostgresForeignKeyViolation(error)) throw companyNotFound(companyId);
 */
export function isPostgresForeignKeyViolation(error: unknown): boolean {
  return error instanceof pg.DatabaseError && error.code === FOREIGN_KEY_VIOLATION;
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
