import { type DemoFakes, startDemoFakes } from '@capture-doctor/providers/fakes';
import type { Store } from '@capture-doctor/store';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  FAST,
  openTestStore,
  outcome,
  seedDemoCompany,
  tempDir,
  testClock,
  USER_BY_USER_EXPECTED,
} from '../test-support/test-support.js';
import { createSyncManager } from './sync-manager.js';

let demo: DemoFakes;
let store: Store;
let cleanup: () => void;

beforeAll(async () => {
  demo = await startDemoFakes({ latencyMs: 10 });
});
afterAll(async () => {
  await demo.close();
});
afterEach(async () => {
  await store.close();
  cleanup();
});

/** A manager on a seeded store that reads and saves one member at a time, so a sync can be stopped midway. */
async function oneAtATime() {
  return createSyncManager({
    store: await seeded(),
    clock: testClock,
    tuning: { ...FAST, concurrency: 1 },
    saveBatch: 1,
  });
}

async function seeded(): Promise<Store> {
  const temp = tempDir();
  cleanup = temp.cleanup;
  store = await openTestStore(temp.dir);
  await seedDemoCompany(store, demo, 'microsoft-user-by-user');
  return store;
}

describe('the sync manager the API uses', () => {
  it('starts a sync in the background, reports its progress, and ends with the stored report', async () => {
    const finished: string[] = [];
    const syncs = createSyncManager({
      store: await seeded(),
      clock: testClock,
      tuning: FAST,
      onFinished: (status) => finished.push(`${status.companyId} ${status.phase}`),
    });
    const started = await syncs.start('acme');
    expect(started).toMatchObject({ companyId: 'acme', phase: 'preparing', finishedAt: null });
    expect(started.runId).not.toBeNull();
    await expect(syncs.start('acme')).rejects.toMatchObject({ code: 'conflict' });
    const final = await syncs.wait('acme');
    expect(final).toMatchObject({ phase: 'completed', done: 7, total: 7, error: null });
    const stored = await store.evaluations.latest('acme');
    expect(stored?.id).toBe(final?.evaluationId);
    expect(outcome(stored!.report)).toEqual(USER_BY_USER_EXPECTED);
    expect(await syncs.status('acme')).toEqual(final);
    expect(finished).toEqual(['acme completed']);
    // Ended: a new sync may start.
    await syncs.start('acme');
    await syncs.close();
  });

  it('cancels a running sync, which the next start resumes', async () => {
    const syncs = await oneAtATime();
    const first = await syncs.start('acme');
    expect(syncs.cancel('acme')).toBe(true);
    const cancelled = await syncs.wait('acme');
    expect(cancelled?.phase).toBe('cancelled');
    expect(syncs.cancel('acme')).toBe(false);
    const second = await syncs.start('acme');
    expect(second.resumedFrom).toBe(first.runId);
    expect((await syncs.wait('acme'))?.phase).toBe('completed');
  });

  it('stops a sync asked to stop through its stored run, as another process asks, and ends it cancelled', async () => {
    const syncs = await oneAtATime();
    const first = await syncs.start('acme');
    // Not this manager's cancel: only the request kept on the run, as `cancelSync` leaves it.
    expect(await store.syncRuns.requestCancel(first.runId ?? '')).toBe(true);
    const cancelled = await syncs.wait('acme');
    expect(cancelled?.phase).toBe('cancelled');
    expect(cancelled?.done).toBeLessThan(7);
    expect((await store.syncRuns.byId('acme', first.runId ?? ''))?.status).toBe('cancelled');
    // The next sync carries on from what the cancelled one saved, and is not stopped by it.
    const second = await syncs.start('acme');
    expect(second.resumedFrom).toBe(first.runId);
    expect((await syncs.wait('acme'))?.phase).toBe('completed');
  });

  it('a cancel naming another run leaves the running sync alone; naming its run stops it', async () => {
    const syncs = await oneAtATime();
    const first = await syncs.start('acme');
    expect(syncs.cancel('acme', 'an-ended-run')).toBe(false);
    expect(syncs.cancel('acme', first.runId ?? '')).toBe(true);
    expect(await syncs.wait('acme')).toMatchObject({ runId: first.runId, phase: 'cancelled' });
    const second = await syncs.start('acme');
    expect(syncs.cancel('acme', first.runId ?? '')).toBe(false);
    expect(await syncs.wait('acme')).toMatchObject({ runId: second.runId, phase: 'completed' });
  });

  it('a cancel naming a run that a starting sync has not announced yet stops it once it has, if it is that run', async () => {
    const plain = await seeded();
    // Asked the moment the run exists, before the sync tells its manager which run it is.
    let name: (runId: string) => string = () => 'an-ended-run';
    const asking: Store = {
      ...plain,
      syncRuns: {
        ...plain.syncRuns,
        async start(companyId, options) {
          const run = await plain.syncRuns.start(companyId, options);
          expect(syncs.cancel(companyId, name(run.id))).toBe(false);
          return run;
        },
      },
    };
    const syncs = createSyncManager({ store: asking, clock: testClock, tuning: FAST });
    await syncs.start('acme');
    expect((await syncs.wait('acme'))?.phase).toBe('completed');
    name = (runId) => runId;
    const stopped = await syncs.start('acme');
    expect(await syncs.wait('acme')).toMatchObject({ runId: stopped.runId, phase: 'cancelled' });
  });

  it('refuses a company that does not exist, and reports stored runs after a restart', async () => {
    const syncs = createSyncManager({ store: await seeded(), clock: testClock, tuning: FAST });
    await expect(syncs.start('nobody')).rejects.toMatchObject({ code: 'not_found' });
    expect(await syncs.status('nobody')).toBeNull();
    await syncs.start('acme');
    const final = await syncs.wait('acme');
    const restarted = createSyncManager({ store, clock: testClock });
    expect(await restarted.status('acme')).toMatchObject({
      runId: final?.runId,
      phase: 'completed',
      done: 7,
      total: 7,
    });
  });
});
