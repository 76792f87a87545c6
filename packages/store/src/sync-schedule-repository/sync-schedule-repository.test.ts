import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../open-store/open-store.js';
import { manualClock, openTestStore, tempDir } from '../test-support/test-support.js';

const every6h = { cron: '0 */6 * * *', timezone: 'UTC', enabled: true };
let temp: ReturnType<typeof tempDir>;
let store: Store;
const time = manualClock('2026-03-01T10:00:00.000Z');

beforeEach(async () => {
  temp = tempDir();
  time.set('2026-03-01T10:00:00.000Z');
  store = await openTestStore(temp.dir, { clock: time.clock });
  await store.companies.create({ id: 'acme', name: 'Acme' });
});
afterEach(async () => {
  await store.close();
  temp.cleanup();
});

describe('sync schedules', () => {
  it('has none until one is saved, then keeps it covered from the moment it was saved', async () => {
    expect(await store.syncSchedules.get('acme')).toBeNull();
    const saved = await store.syncSchedules.save('acme', every6h);
    expect(saved).toEqual({
      companyId: 'acme',
      ...every6h,
      coveredUntil: '2026-03-01T10:00:00.000Z',
      updatedAt: '2026-03-01T10:00:00.000Z',
    });
    expect(await store.syncSchedules.list()).toEqual([saved]);
  });

  it('changes a schedule without moving what it already covers', async () => {
    await store.syncSchedules.save('acme', every6h);
    time.advance(60_000);
    const changed = await store.syncSchedules.save('acme', {
      cron: '30 2 * * 1',
      timezone: 'Europe/Paris',
      enabled: false,
    });
    expect(changed).toMatchObject({
      cron: '30 2 * * 1',
      timezone: 'Europe/Paris',
      enabled: false,
      coveredUntil: '2026-03-01T10:00:00.000Z',
      updatedAt: '2026-03-01T10:01:00.000Z',
    });
  });

  it('ensure stores a default only when the company has no schedule of its own', async () => {
    const own = await store.syncSchedules.save('acme', { ...every6h, enabled: false });
    expect(await store.syncSchedules.ensure('acme', every6h)).toEqual(own);
    await store.companies.create({ id: 'beta', name: 'Beta' });
    expect(await store.syncSchedules.ensure('beta', every6h)).toMatchObject({
      companyId: 'beta',
      enabled: true,
    });
  });

  it('grants a claim on a moment to exactly one of many claimers, and never a moment already covered', async () => {
    await store.syncSchedules.save('acme', every6h);
    const due = '2026-03-01T12:00:00.000Z';
    const claims = await Promise.all(
      Array.from({ length: 8 }, () => store.syncSchedules.claim('acme', due)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.syncSchedules.claim('acme', '2026-03-01T11:00:00.000Z')).toBe(false);
    expect((await store.syncSchedules.get('acme'))?.coveredUntil).toBe(due);
  });

  it('refuses a schedule for a company that does not exist', async () => {
    await expect(store.syncSchedules.save('nobody', every6h)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(store.syncSchedules.ensure('nobody', every6h)).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
