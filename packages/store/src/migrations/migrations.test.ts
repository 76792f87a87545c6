import { join } from 'node:path';
import { Kysely, Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../database/database.js';
import { createSqliteDialect } from '../dialect/sqlite/sqlite-dialect.js';
import { reportFor, tempDir } from '../test-support/test-support.js';
import { initial } from './001-initial.js';
import { readOutcome } from './002-read-outcome.js';
import { migrateToLatest, migrations } from './migrations.js';

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
    expect(applied).toEqual([
      '002-read-outcome',
      '003-member-icon-history',
      '004-sessions',
      '005-read-started',
      '006-meetings',
      '007-consent-tokens',
      '008-policy-approval',
      '009-calendar-meetings',
      '010-sync-schedules',
      '011-alerts',
      '014-meeting-cancelled',
      '015-cancelled-consent-state',
      '016-sync-cancel-request',
    ]);
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

describe('migration 003-member-icon-history', () => {
  it("fills each stored evaluation's per-member icon rows from its report", async () => {
    const t = tempDir();
    temps.push(t.cleanup);
    const db = new Kysely<Database>({ dialect: createSqliteDialect(join(t.dir, 'old.sqlite')) });
    const upTo002 = new Migrator({
      db,
      provider: {
        getMigrations: async () => ({ '001-initial': initial, '002-read-outcome': readOutcome }),
      },
    });
    expect((await upTo002.migrateToLatest()).error).toBeUndefined();
    const old = db as unknown as Kysely<Record<string, Record<string, string | null>>>;
    await old
      .insertInto('companies')
      .values({ id: 'acme', name: 'Acme', created_at: 'x', updated_at: 'x' })
      .execute();
    await old
      .insertInto('capture_snapshots')
      .values([
        {
          id: 's1',
          company_id: 'acme',
          taken_at: '2026-01-01T08:00:00.000Z',
          created_at: 'x',
          body: '{}',
        },
        { id: 's2', company_id: 'acme', taken_at: null, created_at: 'x', body: '{}' },
      ])
      .execute();
    const report = reportFor('acme');
    const second = {
      ...report,
      members: [
        { ...report.members[0]!, icons: { microphone: 'green', calendar: 'red', email: 'off' } },
        { ...report.members[0]!, id: 'u2', email: 'u2@acme.example' },
      ],
    };
    const evaluation = (id: string, snapshotId: string, at: string, body: unknown) => ({
      id,
      company_id: 'acme',
      snapshot_id: snapshotId,
      created_at: at,
      summary: JSON.stringify(report.summary),
      report: JSON.stringify(body),
    });
    await old
      .insertInto('evaluations')
      .values([
        evaluation('e1', 's1', '2026-01-01T09:00:00.000Z', report),
        evaluation('e2', 's2', '2026-01-02T09:00:00.000Z', second),
      ])
      .execute();

    const { applied } = await migrateToLatest(db as Kysely<unknown>);
    expect(applied).toEqual([
      '003-member-icon-history',
      '004-sessions',
      '005-read-started',
      '006-meetings',
      '007-consent-tokens',
      '008-policy-approval',
      '009-calendar-meetings',
      '010-sync-schedules',
      '011-alerts',
      '014-meeting-cancelled',
      '015-cancelled-consent-state',
      '016-sync-cancel-request',
    ]);
    const rows = await db
      .selectFrom('member_icon_history')
      .selectAll()
      .orderBy('evaluation_id')
      .orderBy('member_id')
      .execute();
    expect(rows).toEqual([
      {
        company_id: 'acme',
        evaluation_id: 'e1',
        member_id: 'u1',
        created_at: '2026-01-01T09:00:00.000Z',
        taken_at: '2026-01-01T08:00:00.000Z',
        microphone: 'yellow',
        calendar: 'yellow',
        email: 'yellow',
      },
      {
        company_id: 'acme',
        evaluation_id: 'e2',
        member_id: 'u1',
        created_at: '2026-01-02T09:00:00.000Z',
        taken_at: null,
        microphone: 'green',
        calendar: 'red',
        email: 'off',
      },
      {
        company_id: 'acme',
        evaluation_id: 'e2',
        member_id: 'u2',
        created_at: '2026-01-02T09:00:00.000Z',
        taken_at: null,
        microphone: 'yellow',
        calendar: 'yellow',
        email: 'yellow',
      },
    ]);
    await db.destroy();
  });
});

describe('migrations merged out of order', () => {
  it('applies a 004 merged after a database already took 005, and nothing twice', async () => {
    const t = tempDir();
    temps.push(t.cleanup);
    const db = new Kysely<unknown>({ dialect: createSqliteDialect(join(t.dir, 'store.sqlite')) });
    expect((await migrateToLatest(db)).current).toContain('005-read-started');
    const later = {
      ...migrations,
      '004-merged-later': {
        up: (d: Kysely<unknown>) =>
          d.schema.createTable('merged_later').addColumn('id', 'text').execute(),
      },
    };
    const { applied, current } = await migrateToLatest(db, later);
    expect(applied).toEqual(['004-merged-later']);
    expect(current).toEqual(Object.keys(later).sort());
    expect((await migrateToLatest(db, later)).applied).toEqual([]);
    await db.destroy();
  });
});

describe('migration 015-cancelled-consent-state', () => {
  it('puts the consent machine of a meeting called off earlier in its cancelled state, and back on down', async () => {
    const t = tempDir();
    temps.push(t.cleanup);
    const db = new Kysely<Database>({ dialect: createSqliteDialect(join(t.dir, 'old.sqlite')) });
    const upTo014 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '015'));
    await migrateToLatest(db as Kysely<unknown>, upTo014);
    const old = db as unknown as Kysely<Record<string, Record<string, string | number | null>>>;
    await old
      .insertInto('companies')
      .values({ id: 'acme', name: 'Acme', created_at: 'x', updated_at: 'x' })
      .execute();
    const noticed = [{ kind: 'meeting_scheduled' }, { kind: 'notice_email_sent' }];
    const meeting = (
      id: string,
      value: string,
      cancelledAt: string | null,
      evidence = noticed,
    ) => ({
      id,
      company_id: 'acme',
      title: id,
      starts_at: '2026-12-01T09:00:00.000Z',
      ends_at: '2026-12-01T10:00:00.000Z',
      conference_url: 'https://meet.example/x',
      recorder_name: 'Acme Notetaker',
      policy_version: 1,
      source: 'calendar',
      consent_state: JSON.stringify({ status: 'active', value, context: { evidence } }),
      created_at: 'x',
      updated_at: 'x',
      cancelled_at: cancelledAt,
    });
    await old
      .insertInto('meetings')
      .values([
        meeting('noticed', 'noticeSent', 'y'),
        meeting('quiet', 'scheduled', 'y', [{ kind: 'meeting_scheduled' }]),
        meeting('on', 'scheduled', null),
      ])
      .execute();
    const states = async () =>
      Object.fromEntries(
        (await old.selectFrom('meetings').select(['id', 'consent_state']).execute()).map((r) => [
          r.id,
          JSON.parse(String(r.consent_state)).value,
        ]),
      );

    const upTo015 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '016'));
    expect((await migrateToLatest(db as Kysely<unknown>, upTo015)).applied).toEqual([
      '015-cancelled-consent-state',
    ]);
    expect(await states()).toEqual({ noticed: 'cancelled', quiet: 'cancelled', on: 'scheduled' });
    await migrations['015-cancelled-consent-state']?.down?.(db as Kysely<unknown>);
    expect(await states()).toEqual({ noticed: 'noticeSent', quiet: 'scheduled', on: 'scheduled' });
    await db.destroy();
  });
});
