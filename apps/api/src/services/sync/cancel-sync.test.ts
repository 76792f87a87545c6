import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvaluator, loadCaptureRules } from '@capture-doctor/engine';
import { type DemoFakes, startDemoFakes } from '@capture-doctor/providers/fakes';
import { openStore, type Store } from '@capture-doctor/store';
import { onPostgres } from '@capture-doctor/store/testing';
import {
  connectFromSyncInput,
  createSyncManager,
  type SyncManager,
  type SyncStatus,
} from '@capture-doctor/sync';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSyncs } from '../../background-work/work-deps.js';
import { consentLinksFrom } from '../../consent-links/consent-links.js';
import { testEncryptionKey, testStoreLocation } from '../../test-support/test-server.js';
import { cancelSync } from './cancel-sync.js';

type StoreChange = Parameters<Store['changes']['publish']>[0];

let fakes: DemoFakes;
let dir: string;
const opened: Store[] = [];
const managers: SyncManager[] = [];

beforeAll(async () => {
  // Latency, so that a sync is still reading when it is cancelled.
  fakes = await startDemoFakes({ latencyMs: 40 });
});
afterAll(async () => {
  await fakes.close();
});
afterEach(async () => {
  for (const syncs of managers.splice(0)) await syncs.close();
  for (const store of opened.splice(0)) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<Store> {
  const store = await openStore({
    ...(await testStoreLocation(dir)),
    encryptionKey: testEncryptionKey,
    env: {},
    logger: { warn: () => {} },
  });
  opened.push(store);
  return store;
}

/**
 * Company `acme` connected to the slow fake tenant, with the process that runs its syncs (as
 * `worker` does, or `serve` on SQLite) and the store the API process asks through: the same one
 * on SQLite, another on PostgreSQL, where notices travel through the server.
 */
async function companyWithRunner(): Promise<{ worker: Store; api: Store; syncs: SyncManager }> {
  dir = mkdtempSync(join(tmpdir(), 'capture-doctor-cancel-'));
  const worker = await open();
  const api = onPostgres() ? await open() : worker;
  await worker.companies.create({ id: 'acme', name: 'Acme' });
  await connectFromSyncInput(worker, 'acme', {
    provider: 'microsoft_365',
    input: fakes.microsoftCompanyWide,
  });
  const syncs = createSyncs({
    store: worker,
    evaluator: createEvaluator(loadCaptureRules()),
    clock: () => new Date(),
    log: () => {},
    consentLinks: consentLinksFrom({ fallbackUrl: () => 'http://127.0.0.1:8787', env: {} }),
  });
  managers.push(syncs);
  return { worker, api, syncs };
}

/** A store whose change notices are held back until `deliver`, as a slow feed delivers them. */
function heldNotices(store: Store): { store: Store; deliver(): Promise<void> } {
  const held: StoreChange[] = [];
  return {
    store: { ...store, changes: { ...store.changes, publish: async (c) => void held.push(c) } },
    async deliver() {
      for (const change of held.splice(0)) await store.changes.publish(change);
    },
  };
}

/** Starts the company's sync once the lock of its last one is released (a moment after it ends). */
async function startOnceFree(syncs: SyncManager): Promise<SyncStatus> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await syncs.start('acme');
    } catch (error) {
      if (attempt === 50 || (error as { code?: string }).code !== 'conflict') throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Resolves with the first notice of `topic` the store hears. */
function heard(store: Store, topic: StoreChange['topic']): Promise<StoreChange> {
  return new Promise((resolve) => {
    const stop = store.changes.subscribe((change) => {
      if (change.topic !== topic) return;
      stop();
      resolve(change);
    });
  });
}

describe('cancelling a sync through the API (one process on SQLite, two on PostgreSQL)', () => {
  it("a late cancel notice, for a run that has ended, leaves the company's next sync running to completion", async () => {
    const { worker, api, syncs } = await companyWithRunner();
    const first = await syncs.start('acme');

    // The API process runs no sync itself: the run keeps the request, the notice is held back.
    const feed = heldNotices(api);
    const apiDeps = { store: feed.store, syncs: createSyncManager({ store: api }) };
    expect(await cancelSync(apiDeps, 'acme')).not.toBeNull();
    // The running process reads the request kept on the run at its next save.
    expect((await syncs.wait('acme'))?.phase).toBe('cancelled');
    const second = await startOnceFree(syncs);
    expect(second.resumedFrom).toBe(first.runId);

    const arrived = heard(worker, 'sync_cancel');
    await feed.deliver();
    const notice = await arrived;
    // It came while the next sync runs, and named the run it was sent for.
    expect((await syncs.status('acme'))?.finishedAt).toBeNull();
    const ended = await syncs.wait('acme');
    expect(ended).toMatchObject({ runId: second.runId, phase: 'completed' });
    expect((await worker.syncRuns.byId('acme', second.runId ?? ''))?.status).toBe('completed');
    expect(notice).toMatchObject({ companyId: 'acme', runId: first.runId });
  });

  it('a notice naming the running run stops it, without waiting for the request kept on the run', async () => {
    const { worker, api, syncs } = await companyWithRunner();
    const started = await syncs.start('acme');
    const arrived = heard(worker, 'sync_cancel');
    // Only the notice: the run itself carries no request to stop.
    await api.changes.publish({
      topic: 'sync_cancel',
      companyId: 'acme',
      runId: started.runId ?? '',
    });
    await arrived;
    const ended = await syncs.wait('acme');
    expect(ended).toMatchObject({ runId: started.runId, phase: 'cancelled' });
    expect(ended?.done).toBeLessThan(ended?.total ?? 0);
  });
});
