import { join } from 'node:path';
import { Kysely, Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../database/database.js';
import { createSqliteDialect } from '../dialect/sqlite/sqlite-dialect.js';
import { tempDir } from '../test-support/test-support.js';
import { initial } from './001-initial.js';
import { migrateToLatest } from './migrations.js';

const temps: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

describe('migration 002-read-outcome', () => {
  it('moves reads an older version marked ":failed" to the failed outcome, and leaves the others ok', async () => {
    const t = tempDir();
    temps.push(t.cleanup);
    const db = new Kysely<Database>({ dialect: createSqliteDialect(join(t.dir, 'old.sqlite')) });
    const onlyFirst = new Migrator({
      db,
      provider: { getMigrations: async () => ({ '001-initial': initial }) },
    });
    expect((await onlyFirst.migrateToLatest()).error).toBeUndefined();
    const old = db as unknown as Kysely<{
      companies: { id: string; name: string; created_at: string; updated_at: string };
      ingestion_audit: Record<string, string | number | null>;
    }>;
    await old
      .insertInto('companies')
      .values({ id: 'acme', name: 'Acme', created_at: 'x', updated_at: 'x' })
      .execute();
    const row = (id: string, readKind: string) => ({
      id,
      company_id: 'acme',
      member_id: 'u1',
      resource: 'mailbox',
      read_kind: readKind,
      item_count: 0,
      at: '2026-01-01T00:00:00.000Z',
      credential_id: null,
    });
    await old
      .insertInto('ingestion_audit')
      .values([row('r1', 'gmail.users.getProfile'), row('r2', 'gmail.users.getProfile:failed')])
      .execute();

    const { applied } = await migrateToLatest(db as Kysely<unknown>);
    expect(applied).toEqual(['002-read-outcome']);
    const rows = await db
      .selectFrom('ingestion_audit')
      .select(['id', 'read_kind', 'outcome', 'error_code'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { id: 'r1', read_kind: 'gmail.users.getProfile', outcome: 'ok', error_code: null },
      { id: 'r2', read_kind: 'gmail.users.getProfile', outcome: 'failed', error_code: null },
    ]);
    await db.destroy();
  });
});
