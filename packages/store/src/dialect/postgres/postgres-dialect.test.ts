import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openStore } from '../../open-store/open-store.js';
import { TEST_KEY, tempDir } from '../../test-support/test-support.js';
import { dumpTestDatabase, testDatabaseUrl } from '../../testing/test-database.js';
import { describePostgresUrl, isPostgresUrl } from './postgres-dialect.js';

/** A folder of this test's own, removed when it finishes. */
function dir(): string {
  const t = tempDir();
  onTestFinished(t.cleanup);
  return t.dir;
}

async function urlFor(d: string): Promise<string> {
  const url = await testDatabaseUrl(d);
  if (url === undefined)
    throw new Error('the postgres project sets CAPTURE_DOCTOR_TEST_DATABASE_URL');
  return url;
}

describe('the PostgreSQL dialect', () => {
  it('keeps everything in the database and makes no SQLite file, key file or folder', async () => {
    const d = dir();
    const databaseUrl = await urlFor(d);
    const store = await openStore({
      file: join(d, 'data', 'store.sqlite'),
      databaseUrl,
      encryptionKey: TEST_KEY,
      env: {},
      logger: { warn: () => {} },
    });
    expect(store.dialect).toBe('postgres');
    await store.companies.create({ id: 'acme', name: 'Acme Dumped' });
    await store.close();
    expect(readdirSync(d)).toEqual([]);
    expect(existsSync(join(d, 'data'))).toBe(false);
    expect(dumpTestDatabase(d).toString()).toContain('Acme Dumped');
  });

  it('refuses to start without a key rather than generate one no other process would have', async () => {
    const d = dir();
    const databaseUrl = await urlFor(d);
    await expect(
      openStore({ databaseUrl, env: {}, logger: { warn: () => {} } }),
    ).rejects.toMatchObject({
      code: 'encryption_key_invalid',
      message: expect.stringContaining('CAPTURE_DOCTOR_ENCRYPTION_KEY'),
    });
    expect(readdirSync(d)).toEqual([]);
  });

  it('reports where it is without the password', async () => {
    const d = dir();
    const url = new URL(await urlFor(d));
    url.password = 'hunter2-secret';
    expect(describePostgresUrl(url.toString())).not.toContain('hunter2-secret');
    expect(describePostgresUrl(url.toString())).toContain('***');
    expect(isPostgresUrl(url.toString())).toBe(true);
    expect(isPostgresUrl('postgresql://db/capture')).toBe(true);
    expect(isPostgresUrl('mysql://db/capture')).toBe(false);
  });

  it('refuses a database URL that is not PostgreSQL, naming the field', async () => {
    await expect(
      openStore({ databaseUrl: 'mysql://u:pw@db/x', encryptionKey: TEST_KEY, env: {} }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'databaseUrl' });
  });

  it('lets processes opening one database together migrate it once and agree on the key', async () => {
    const d = dir();
    const databaseUrl = await urlFor(d);
    const open = () =>
      openStore({ databaseUrl, encryptionKey: TEST_KEY, env: {}, logger: { warn: () => {} } });
    const stores = await Promise.all([open(), open(), open(), open()]);
    const applied = stores.flatMap((s) => s.migrations.applied);
    expect(applied).toEqual([...new Set(applied)]);
    expect(stores[0]?.migrations.current.length).toBeGreaterThan(0);
    await Promise.all(stores.map((s) => s.close()));
  });
});

describe('text with a NUL character on PostgreSQL', () => {
  it('is found nowhere when looked up, and refused as bad input when written', async () => {
    const d = dir();
    const store = await openStore({
      databaseUrl: await urlFor(d),
      encryptionKey: TEST_KEY,
      env: {},
      logger: { warn: () => {} },
    });
    await store.companies.create({ id: 'acme', name: 'Acme' });
    expect(await store.companies.get('ac\u0000me')).toBeNull();
    expect(await store.evaluations.byId('acme', '\u0000')).toBeNull();
    await expect(store.companies.create({ id: 'nul', name: 'A\u0000B' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect(await store.companies.get('acme')).toMatchObject({ name: 'Acme' });
    await store.close();
  });
});
