// Test support: a store of its own for the alert tests, on SQLite or PostgreSQL, with a clock moved by hand.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@capture-doctor/store';
import { testEncryptionKey, testStoreLocation } from '../../test-support/test-server.js';

/** A store with company `acme`, its clock at `start` until moved. */
export interface AlertTestStore {
  store: Store;
  now: () => Date;
  advance(ms: number): void;
  close(): Promise<void>;
}

/**
 * Opens a fresh store for one test, with the company `acme` and a hand-moved clock.
 * @example const t = await openAlertTestStore(); await t.store.webhooks.create('acme', hook); await t.close();
 */
export async function openAlertTestStore(start = new Date()): Promise<AlertTestStore> {
  const dir = mkdtempSync(join(tmpdir(), 'capture-doctor-alerts-'));
  let at = start.getTime();
  const now = () => new Date(at);
  const store = await openStore({
    ...(await testStoreLocation(dir)),
    encryptionKey: testEncryptionKey,
    env: {},
    logger: { warn: () => {} },
    clock: now,
  });
  await store.companies.create({ id: 'acme', name: 'Acme' });
  return {
    store,
    now,
    advance(ms) {
      at += ms;
    },
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
