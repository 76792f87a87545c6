import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/test-support.js';
import { createSqliteDialect } from './sqlite-dialect.js';

const temps: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

describe('createSqliteDialect', () => {
  it('opens the file in WAL mode with foreign keys enforced', async () => {
    const t = tempDir();
    temps.push(t.cleanup);
    const db = new Kysely<Record<string, never>>({
      dialect: createSqliteDialect(join(t.dir, 'a', 'db.sqlite')),
    });
    const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);
    const keys = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
    expect(journal.rows[0]?.journal_mode).toBe('wal');
    expect(keys.rows[0]?.foreign_keys).toBe(1);
    await sql`create table parent (id text primary key)`.execute(db);
    await sql`create table child (id text primary key, parent_id text not null references parent(id))`.execute(
      db,
    );
    await expect(sql`insert into child values ('c', 'missing')`.execute(db)).rejects.toThrow(
      /FOREIGN KEY/,
    );
    await db.destroy();
  });
});

describe('dialect boundary', () => {
  it('no file outside dialect/ speaks SQLite or raw SQL, so a PostgreSQL dialect can be added', () => {
    const src = fileURLToPath(new URL('../..', import.meta.url));
    const offenders = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .filter((f) => !f.startsWith('dialect') && !f.startsWith('test-support'))
      .filter((f) =>
        /better-sqlite3|\bSqliteDialect\b|pragma|\bsql`|sql\.raw|AUTOINCREMENT|sqlite_/i.test(
          readFileSync(join(src, f), 'utf8'),
        ),
      );
    expect(offenders).toEqual([]);
  });
});
