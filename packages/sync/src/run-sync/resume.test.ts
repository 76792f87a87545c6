import { type DemoFakes, startDemoFakes } from '@capture-doctor/providers/fakes';
import type { IngestionRead, Store } from '@capture-doctor/store';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectFromSyncInput } from '../connect-from-input/connect-from-input.js';
import {
  FAST,
  GOOGLE_EXPECTED,
  killAfterSaved,
  openTestStore,
  outcome,
  seedDemoCompany,
  TEST_NOW,
  tempDir,
  testClock,
} from '../test-support/test-support.js';
import { runSync, type SyncProgressEvent } from './run-sync.js';

let demo: DemoFakes;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  // Latency keeps the child's sync slow enough to be killed in the middle.
  demo = await startDemoFakes({ latencyMs: 25 });
});
afterAll(async () => {
  await demo.close();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function seeded(
  tenant: 'google' | 'microsoft-user-by-user',
): Promise<{ store: Store; dir: string }> {
  const { dir, cleanup } = tempDir();
  const store = await openTestStore(dir);
  cleanups.push(cleanup);
  await seedDemoCompany(store, demo, tenant);
  return { store, dir };
}

/** An uninterrupted sync of the same tenant in a store of its own. */
async function uninterrupted(tenant: 'google' | 'microsoft-user-by-user') {
  const { store } = await seeded(tenant);
  try {
    const result = await runSync({ store, companyId: 'acme', clock: testClock, tuning: FAST });
    const snapshot = (await store.snapshots.byId('acme', result.snapshotId!))!.snapshot;
    return { result, snapshot, reads: readSummary(await store.ingestionAudit.list('acme')) };
  } finally {
    await store.close();
  }
}

/** The reads that were answered; a read in flight at a kill stays apart, `interrupted`. */
function readSummary(reads: IngestionRead[]): string[] {
  return reads
    .filter((r) => r.outcome !== 'interrupted')
    .map((r) => `${r.memberId} ${r.resource} ${r.readKind} ${r.itemCount}`)
    .sort();
}

describe('a sync killed mid-way', () => {
  it('loses nothing it saved, and the restarted sync ends with the snapshot of an uninterrupted run', async () => {
    const { store, dir } = await seeded('google');
    await store.close();
    const { saved } = await killAfterSaved(dir, 3);
    expect(saved).toBeGreaterThanOrEqual(3);

    const reopened = await openTestStore(dir);
    cleanups.push(() => reopened.close());
    const left = await reopened.syncRuns.resumable('acme');
    expect(left?.status).toBe('running');
    const kept = await reopened.syncRuns.memberResults(left!.id);
    expect(kept.length).toBeGreaterThanOrEqual(saved);
    expect(kept.length).toBeLessThan(7);

    const events: SyncProgressEvent[] = [];
    const resumed = await runSync({
      store: reopened,
      companyId: 'acme',
      clock: testClock,
      tuning: FAST,
      onProgress: (event) => events.push(event),
    });
    expect(resumed).toMatchObject({
      status: 'completed',
      runId: left!.id,
      resumedFrom: left!.id,
      membersResumed: kept.length,
      membersRead: 7 - kept.length,
    });
    // Progress starts where the killed run stopped.
    expect(events.find((e) => e.phase === 'reading')?.done).toBe(kept.length);

    const baseline = await uninterrupted('google');
    const snapshot = (await reopened.snapshots.byId('acme', resumed.snapshotId!))!.snapshot;
    expect(snapshot).toEqual(baseline.snapshot);
    expect(outcome(resumed.report!)).toEqual(GOOGLE_EXPECTED);
    expect(resumed.report).toEqual(baseline.result.report);
    // Each read is in the trail once: the killed run's reads, then only the rest.
    expect(readSummary(await reopened.ingestionAudit.list('acme'))).toEqual(baseline.reads);
    // One member was being read at most (one at a time): its two reads, if sent, are kept.
    const interrupted = await reopened.ingestionAudit.list('acme', { outcome: 'interrupted' });
    expect(interrupted.length).toBeLessThanOrEqual(2);
    expect(await reopened.ingestionAudit.list('acme', { outcome: 'started' })).toEqual([]);
  });
});

describe('a cancel asked of a run whose process was killed', () => {
  /** A run left `running` by a killed process, asked to stop (at TEST_NOW) through the store. */
  async function leftAndAskedToStop() {
    const { store, dir } = await seeded('google');
    await store.close();
    await killAfterSaved(dir, 3);
    const reopened = await openTestStore(dir);
    cleanups.push(() => reopened.close());
    const left = (await reopened.syncRuns.resumable('acme'))!;
    const kept = await reopened.syncRuns.memberResults(left.id);
    expect(await reopened.syncRuns.requestCancel(left.id)).toBe(true);
    return { store: reopened, left, kept: kept.length };
  }
  const minuteBefore = new Date(Date.parse(TEST_NOW) - 60_000).toISOString();

  it('ends that run cancelled when its own sync, asked for before the cancel, is taken over', async () => {
    const { store, left, kept } = await leftAndAskedToStop();
    const taken = await runSync({
      store,
      companyId: 'acme',
      clock: testClock,
      tuning: FAST,
      requestedAt: minuteBefore,
    });
    expect(taken).toMatchObject({ status: 'cancelled', runId: left.id, membersRead: 0 });
    expect((await store.syncRuns.byId('acme', left.id))?.status).toBe('cancelled');
    expect(await store.snapshots.latest('acme')).toBeNull();
    expect((await store.syncRuns.memberResults(left.id)).length).toBe(kept);
  }, 60_000);

  it('never stops a sync asked for after it: the left run ends cancelled and the new one completes from its members', async () => {
    const { store, left, kept } = await leftAndAskedToStop();
    const later = await runSync({ store, companyId: 'acme', clock: testClock, tuning: FAST });
    expect(later).toMatchObject({
      status: 'completed',
      resumedFrom: left.id,
      membersResumed: kept,
      membersRead: 7 - kept,
    });
    expect(later.runId).not.toBe(left.id);
    expect((await store.syncRuns.byId('acme', left.id))?.status).toBe('cancelled');
    // Nothing lost or read twice into the audit: the killed run's reads, then only the rest.
    const baseline = await uninterrupted('google');
    expect(readSummary(await store.ingestionAudit.list('acme'))).toEqual(baseline.reads);
    const snapshot = (await store.snapshots.byId('acme', later.snapshotId!))!.snapshot;
    expect(snapshot).toEqual(baseline.snapshot);
  }, 60_000);
});

describe('a cancelled sync', () => {
  it('stops reading, stays resumable, and the next sync finishes from where it stopped', async () => {
    const { store } = await seeded('microsoft-user-by-user');
    cleanups.push(() => store.close());
    const controller = new AbortController();
    const cancelled = await runSync({
      store,
      companyId: 'acme',
      clock: testClock,
      tuning: { ...FAST, concurrency: 1 },
      saveBatch: 1,
      signal: controller.signal,
      onProgress: (event) => {
        if (event.phase === 'reading' && event.done >= 2) controller.abort();
      },
    });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.snapshotId).toBeNull();
    expect(cancelled.membersRead).toBeGreaterThanOrEqual(2);
    expect(cancelled.membersRead).toBeLessThan(7);
    expect((await store.syncRuns.byId('acme', cancelled.runId))?.status).toBe('cancelled');
    expect(await store.snapshots.latest('acme')).toBeNull();
    const [cancelEntry] = await store.auditLog.list('acme', { action: 'sync.cancel' });
    expect(cancelEntry).toMatchObject({
      target: `sync-run:${cancelled.runId}`,
      actor: 'system:sync',
    });

    const finished = await runSync({ store, companyId: 'acme', clock: testClock, tuning: FAST });
    expect(finished).toMatchObject({
      status: 'completed',
      resumedFrom: cancelled.runId,
      membersResumed: cancelled.membersRead,
      membersRead: 7 - cancelled.membersRead,
    });
    const baseline = await uninterrupted('microsoft-user-by-user');
    const snapshot = (await store.snapshots.byId('acme', finished.snapshotId!))!.snapshot;
    expect(snapshot).toEqual(baseline.snapshot);
    expect(readSummary(await store.ingestionAudit.list('acme'))).toEqual(baseline.reads);
  });

  it('is not resumed once too old, nor after the company connected another tenant', async () => {
    const { store } = await seeded('microsoft-user-by-user');
    cleanups.push(() => store.close());
    const cancelOnce = async () => {
      const controller = new AbortController();
      const result = await runSync({
        store,
        companyId: 'acme',
        clock: testClock,
        tuning: { ...FAST, concurrency: 1 },
        saveBatch: 1,
        signal: controller.signal,
        onProgress: (event) => {
          if (event.phase === 'reading' && event.done >= 1) controller.abort();
        },
      });
      expect(result.status).toBe('cancelled');
      return result;
    };
    await cancelOnce();
    const twoDaysLater = () => new Date(testClock().getTime() + 2 * 86_400_000);
    const late = await runSync({ store, companyId: 'acme', clock: twoDaysLater, tuning: FAST });
    expect(late).toMatchObject({ status: 'completed', resumedFrom: null, membersRead: 7 });

    await cancelOnce();
    const [connection] = await store.connections.list('acme');
    await store.connections.remove('acme', connection!.id);
    await connectFromSyncInput(store, 'acme', {
      provider: 'microsoft_365',
      input: demo.microsoftUserByUser,
    });
    const other = await runSync({ store, companyId: 'acme', clock: testClock, tuning: FAST });
    expect(other).toMatchObject({ status: 'completed', resumedFrom: null, membersRead: 7 });
  });

  it('a finished sync is never resumed: the next one reads every member again', async () => {
    const { store } = await seeded('microsoft-user-by-user');
    cleanups.push(() => store.close());
    const first = await runSync({ store, companyId: 'acme', clock: testClock, tuning: FAST });
    const second = await runSync({ store, companyId: 'acme', clock: testClock, tuning: FAST });
    expect(second.resumedFrom).toBeNull();
    expect(second.membersRead).toBe(7);
    expect(second.report).toEqual(first.report);
  });
});
