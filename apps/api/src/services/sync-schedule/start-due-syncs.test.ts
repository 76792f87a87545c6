import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@capture-doctor/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEncryptionKey, testStoreLocation } from '../../test-support/test-server.js';
import { startDueSyncs } from './start-due-syncs.js';
import { DEFAULT_SYNC_SCHEDULE, jitterMs, MAX_JITTER_MS, nextRunAt } from './sync-schedule.js';

// Two workers' stores on one database, and one clock the test moves by hand.
let now = new Date('2026-03-02T10:00:00.000Z');
const clock = () => new Date(now);
let dir = '';
let workers: Store[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'due-syncs-'));
  const location = await testStoreLocation(dir);
  const open = () =>
    openStore({ ...location, encryptionKey: testEncryptionKey, clock, logger: { warn: () => {} } });
  const first = await open();
  workers = [first, await open()];
  for (const id of ['acme', 'beta', 'idle']) {
    await first.companies.create({ id, name: id });
  }
  for (const id of ['acme', 'beta']) {
    await first.connections.create(id, { provider: 'google_workspace', tenantId: `${id}.test` });
  }
});
afterAll(async () => {
  await Promise.all(workers.map((store) => store.close()));
  rmSync(dir, { recursive: true, force: true });
});

// Both workers look at the schedules at the same moment; which companies each started.
async function bothTick(): Promise<string[]> {
  const started: string[] = [];
  await Promise.all(
    workers.map((store) =>
      startDueSyncs({
        store,
        now: clock(),
        start: async (companyId) => {
          started.push(companyId);
        },
      }),
    ),
  );
  return started.sort();
}

describe('scheduled syncs across two workers', () => {
  it('start nothing for a schedule first seen, and nothing for a company without a connection', async () => {
    expect(await bothTick()).toEqual([]);
    expect(await workers[0]?.syncSchedules.get('idle')).toBeNull();
  });

  it('start each due company exactly once, only once its own delay after the cron moment has passed', async () => {
    const acmeAt = nextRunAt('acme', DEFAULT_SYNC_SCHEDULE, now).getTime();
    const betaAt = nextRunAt('beta', DEFAULT_SYNC_SCHEDULE, now).getTime();
    const moment = Date.parse('2026-03-02T12:00:00.000Z');
    for (const at of [acmeAt, betaAt]) {
      expect(at).toBeGreaterThanOrEqual(moment);
      expect(at).toBeLessThan(moment + MAX_JITTER_MS);
    }
    now = new Date(Math.min(acmeAt, betaAt) - 1);
    expect(await bothTick()).toEqual([]);
    now = new Date(Math.max(acmeAt, betaAt));
    expect(await bothTick()).toEqual(['acme', 'beta']);
    // The same moment again, from either worker: nothing more.
    now = new Date(now.getTime() + 60_000);
    expect(await bothTick()).toEqual([]);
    // Six hours later, once more each.
    now = new Date(moment + 6 * 3_600_000 + MAX_JITTER_MS);
    expect(await bothTick()).toEqual(['acme', 'beta']);
  });

  it('skip a company whose schedule is off', async () => {
    await workers[0]?.syncSchedules.save('beta', { ...DEFAULT_SYNC_SCHEDULE, enabled: false });
    now = new Date(now.getTime() + 6 * 3_600_000);
    expect(await bothTick()).toEqual(['acme']);
  });

  it('spread companies over a bounded delay: the same for a company every time, below half the gap between two moments', () => {
    const delays = Array.from({ length: 200 }, (_, i) =>
      jitterMs(`company-${i}`, DEFAULT_SYNC_SCHEDULE),
    );
    expect(Math.max(...delays)).toBeLessThan(MAX_JITTER_MS);
    expect(new Set(delays).size).toBeGreaterThan(150);
    expect(jitterMs('company-7', DEFAULT_SYNC_SCHEDULE)).toBe(delays[7]);
    const everyMinute = { cron: '* * * * *', timezone: 'UTC' };
    for (let i = 0; i < 50; i += 1)
      expect(jitterMs(`company-${i}`, everyMinute)).toBeLessThan(30_000);
  });
});
