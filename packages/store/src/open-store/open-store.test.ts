import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../database/database.js';
import { createSqliteDialect } from '../dialect/sqlite/sqlite-dialect.js';
import { migrateToLatest } from '../migrations/migrations.js';
import { isStoreError } from '../store-error/store-error.js';
import {
  manualClock,
  openTestStore,
  reportFor,
  snapshotFor,
  TEST_KEY,
  tempDir,
} from '../test-support/test-support.js';
import { onPostgres } from '../testing/test-database.js';
import { openStore, type Store } from './open-store.js';

async function seedCredential(store: Store, secret: string): Promise<string> {
  await store.companies.create({ id: 'acme', name: 'Acme' });
  const connection = await store.connections.create('acme', {
    provider: 'google_workspace',
    tenantId: 't',
  });
  await store.credentials.put('acme', connection.id, {
    kind: 'refresh_token',
    memberId: 'u1',
    secret,
  });
  return connection.id;
}

const temps: Array<() => void> = [];
function dir(): string {
  const t = tempDir();
  temps.push(t.cleanup);
  return t.dir;
}
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

describe('openStore', () => {
  it('applies the migrations on the first start and none on the next', async () => {
    const d = dir();
    const first = await openTestStore(d);
    const all = [
      '001-initial',
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
    ];
    expect(first.migrations).toEqual({ applied: all, current: all });
    await first.close();
    const second = await openTestStore(d);
    expect(second.migrations).toEqual({ applied: [], current: all });
    await second.close();
  });

  it.skipIf(onPostgres())(
    'running the migrations again on a current schema changes nothing',
    async () => {
      const d = dir();
      const store = await openTestStore(d);
      await store.companies.create({ id: 'acme', name: 'Acme' });
      await store.close();
      const db = new Kysely<Database>({ dialect: createSqliteDialect(join(d, 'store.sqlite')) });
      const again = await migrateToLatest(db as Kysely<unknown>);
      const twice = await migrateToLatest(db as Kysely<unknown>);
      expect(again.applied).toEqual([]);
      expect(twice.applied).toEqual([]);
      expect(await db.selectFrom('companies').select('id').execute()).toEqual([{ id: 'acme' }]);
      await db.destroy();
    },
  );

  it('creates the directory of a database file in a folder that does not exist yet', async () => {
    const file = join(dir(), 'nested', 'deeper', 'capture-doctor.sqlite');
    const store = await openStore({ file, encryptionKey: TEST_KEY, env: {} });
    expect(store.file).toBe(file);
    expect(existsSync(file)).toBe(true);
    await store.close();
  });

  it('opens an in-memory database for tests without writing a key file', async () => {
    const warnings: string[] = [];
    const store = await openStore({
      file: ':memory:',
      env: {},
      logger: { warn: (m) => warnings.push(m) },
    });
    expect(store.file).toBe(':memory:');
    expect(store.encryptionKeySource).toBe('ephemeral');
    expect(warnings).toHaveLength(1);
    await store.companies.create({ id: 'acme', name: 'Acme' });
    expect(await store.companies.get('acme')).not.toBeNull();
    await store.close();
  });

  it('generates and saves a key on a first start without one, warns once without the key, and reuses it', async () => {
    const d = dir();
    const file = join(d, 'data', 'capture-doctor.sqlite');
    const warnings: string[] = [];
    const logger = { warn: (m: string) => warnings.push(m) };
    const first = await openStore({ file, env: {}, logger });
    expect(first.encryptionKeySource).toBe('generated');
    const connection = await seedCredential(first, 'generated-key-secret');
    await first.close();
    const keyFile = join(d, 'data', 'encryption.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).not.toContain(readFileSync(keyFile, 'utf8').trim());
    const second = await openStore({ file, env: {}, logger });
    expect(second.encryptionKeySource).toBe('file');
    expect((await second.credentials.reveal(connection))[0]?.secret).toBe('generated-key-secret');
    await second.close();
    expect(warnings).toHaveLength(1);
  });

  it('refuses to start, naming the variable, when the key file of an existing database is gone', async () => {
    const d = dir();
    const file = join(d, 'capture-doctor.sqlite');
    const first = await openStore({ file, env: {}, logger: { warn: () => {} } });
    await seedCredential(first, 'lost-key-secret');
    await first.close();
    rmSync(join(d, 'encryption.key'));
    await expect(openStore({ file, env: {}, logger: { warn: () => {} } })).rejects.toThrow(
      /not available: set CAPTURE_DOCTOR_ENCRYPTION_KEY or restore the key file/,
    );
    expect(existsSync(join(d, 'encryption.key'))).toBe(false);
  });

  it('stamps every record with the injected clock', async () => {
    const time = manualClock('2026-03-04T05:06:07.000Z');
    const store = await openTestStore(dir(), { clock: time.clock });
    const company = await store.companies.create({ name: 'Acme' });
    expect(company.createdAt).toBe('2026-03-04T05:06:07.000Z');
    time.advance(60_000);
    expect((await store.companies.rename(company.id, 'Acme Inc')).updatedAt).toBe(
      '2026-03-04T05:07:07.000Z',
    );
    await store.close();
  });

  it('finds everything still there after closing and reopening the same file', async () => {
    const d = dir();
    const time = manualClock();
    const store = await openTestStore(d, { clock: time.clock });
    await store.companies.create({ id: 'acme', name: 'Acme' });
    const connection = await store.connections.create('acme', {
      provider: 'microsoft_365',
      tenantId: 'tenant-1',
      mode: 'company_wide',
      settings: { clientId: 'app-1' },
    });
    await store.credentials.put('acme', connection.id, {
      kind: 'client_secret',
      secret: 'secret-1',
    });
    await store.members.upsert('acme', { id: 'u1', email: 'u1@acme.example', name: 'Ana' });
    await store.connectionStates.save('acme', { value: 'connected', context: { tenants: ['t1'] } });
    const snapshot = await store.snapshots.add('acme', snapshotFor('acme'));
    const evaluation = await store.evaluations.add('acme', {
      snapshotId: snapshot.id,
      report: reportFor('acme'),
    });
    const ack = await store.acknowledgements.create('acme', {
      memberId: 'u1',
      ruleId: 'seat-missing',
      reason: 'contractor, no recording needed',
      createdBy: 'admin@acme.example',
      expiresAt: '2026-02-01T00:00:00Z',
    });
    await store.consentPolicies.createDraft('acme', {
      createdBy: 'co',
      body: { recorderName: 'Notetaker' },
    });
    await store.consentPolicies.approve('acme', 1, { approvedBy: 'co' });
    await store.consentEvidence.append('acme', {
      meetingId: 'm1',
      kind: 'notice_sent',
      participant: 'x@y.example',
    });
    await store.auditLog.record({
      companyId: 'acme',
      actor: 'system',
      action: 'seed',
      target: 'company:acme',
    });
    const { key } = await store.apiKeys.create('acme', { role: 'compliance' });
    await store.outbox.enqueue({
      companyId: 'acme',
      to: 'u1@acme.example',
      subject: 'Connect',
      text: 'Please connect',
    });
    await store.ingestionAudit.record('acme', {
      memberId: 'u1',
      resource: 'calendar',
      readKind: 'events.list',
      itemCount: 1,
    });
    const run = await store.syncRuns.start('acme', { cursor: { page: 2 } });
    await store.close();

    const reopened = await openTestStore(d, { clock: time.clock });
    expect(await reopened.companies.get('acme')).toMatchObject({ name: 'Acme' });
    expect(await reopened.connections.list('acme')).toMatchObject([
      { id: connection.id, mode: 'company_wide', settings: { clientId: 'app-1' } },
    ]);
    expect((await reopened.credentials.reveal(connection.id)).map((c) => c.secret)).toEqual([
      'secret-1',
    ]);
    expect(await reopened.members.get('acme', 'u1')).toMatchObject({ name: 'Ana' });
    expect((await reopened.connectionStates.get('acme'))?.state).toEqual({
      value: 'connected',
      context: { tenants: ['t1'] },
    });
    expect((await reopened.snapshots.latest('acme'))?.id).toBe(snapshot.id);
    expect(await reopened.evaluations.latest('acme')).toEqual(evaluation);
    expect(await reopened.acknowledgements.listActive('acme')).toEqual([ack]);
    expect((await reopened.consentPolicies.latestApproved('acme'))?.approvedBy).toBe('co');
    expect(await reopened.consentEvidence.list('acme')).toHaveLength(1);
    expect(await reopened.auditLog.list('acme')).toHaveLength(1);
    expect(await reopened.apiKeys.verify(key)).toMatchObject({
      companyId: 'acme',
      role: 'compliance',
    });
    expect(await reopened.outbox.pending()).toHaveLength(1);
    expect(await reopened.ingestionAudit.list('acme', { memberId: 'u1' })).toHaveLength(1);
    expect(await reopened.syncRuns.resumable('acme')).toMatchObject({
      id: run.id,
      cursor: { page: 2 },
    });
    await reopened.close();
  });

  it.skipIf(onPostgres())('keeps the database in WAL mode', async () => {
    const d = dir();
    const store = await openTestStore(d);
    await store.companies.create({ name: 'Acme' });
    expect(existsSync(join(d, 'store.sqlite-wal'))).toBe(true);
    expect(statSync(join(d, 'store.sqlite')).size).toBeGreaterThan(0);
    await store.close();
  });

  it('rolls back everything a failed transaction wrote', async () => {
    const store = await openTestStore(dir());
    await store.companies.create({ id: 'acme', name: 'Acme' });
    const attempt = store.transaction(async (tx) => {
      await tx.members.upsert('acme', { id: 'u1', email: 'u1@acme.example' });
      await tx.auditLog.record({
        companyId: 'acme',
        actor: 'a',
        action: 'member.add',
        target: 'u1',
      });
      await tx.acknowledgements.create('acme', {
        memberId: 'u1',
        ruleId: 'r',
        reason: 'x',
        createdBy: 'a',
        expiresAt: '2000-01-01T00:00:00Z',
      });
    });
    await expect(attempt).rejects.toSatisfy((e) => isStoreError(e, 'invalid_input'));
    expect(await store.members.list('acme')).toEqual([]);
    expect(await store.auditLog.list('acme')).toEqual([]);
    await store.close();
  });

  it('commits everything a successful transaction wrote', async () => {
    const store = await openTestStore(dir());
    await store.transaction(async (tx) => {
      await tx.companies.create({ id: 'acme', name: 'Acme' });
      await tx.members.upsertMany('acme', [
        { id: 'u1', email: 'u1@acme.example' },
        { id: 'u2', email: 'u2@acme.example' },
      ]);
      await tx.consentPolicies.createDraft('acme', { createdBy: 'co', body: { a: 1 } });
    });
    expect(await store.members.list('acme')).toHaveLength(2);
    expect(await store.consentPolicies.draft('acme')).toMatchObject({ version: 1 });
    await store.close();
  });
});
