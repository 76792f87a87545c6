import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { postgresBin, TEST_DATABASE_URL_ENV } from './postgres-cluster.js';

/** True when this test process runs the suites on PostgreSQL (the `postgres` vitest project). */
export function onPostgres(): boolean {
  return (process.env[TEST_DATABASE_URL_ENV] ?? '') !== '';
}

/**
 * The database URL a test store opens for `name` (e.g. its temp folder): on PostgreSQL, a
 * schema of its own named after `name`, so reopening the same folder, from this process or a
 * child, finds the same data; undefined on SQLite.
 * @example const databaseUrl = await testDatabaseUrl(dir); await openStore({ file, databaseUrl });
 */
export async function testDatabaseUrl(name: string): Promise<string | undefined> {
  const server = process.env[TEST_DATABASE_URL_ENV];
  if (server === undefined || server === '') return undefined;
  const schema = schemaOf(name);
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(`create schema if not exists ${schema}`);
  } catch (error) {
    // Two processes creating the same schema at once: the loser sees a unique violation.
    if ((error as { code?: string }).code !== '23505') throw error;
  } finally {
    await client.end();
  }
  const url = new URL(server);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/**
 * Every row of the schema `testDatabaseUrl(name)` made, as pg_dump prints it: what a leak
 * search reads on PostgreSQL, where the data is not in files of the test's folder.
 * @example expect(dumpTestDatabase(dir).includes(secret)).toBe(false)
 */
export function dumpTestDatabase(name: string): Buffer {
  const server = process.env[TEST_DATABASE_URL_ENV];
  if (server === undefined || server === '') return Buffer.alloc(0);
  return execFileSync(join(postgresBin(), 'pg_dump'), [
    '--data-only',
    `--schema=${schemaOf(name)}`,
    `--dbname=${server}`,
  ]);
}

function schemaOf(name: string): string {
  return `t_${createHash('sha256').update(name).digest('hex').slice(0, 24)}`;
}
