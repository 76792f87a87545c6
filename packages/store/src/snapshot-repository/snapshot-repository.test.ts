import { afterEach, describe, expect, it } from 'vitest';
import { manualClock, openTestStore, snapshotFor, tempDir } from '../test-support/test-support.js';

const temps: Array<() => void> = [];
function dir(): string {
  const t = tempDir();
  temps.push(t.cleanup);
  return t.dir;
}
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

async function setup() {
  const time = manualClock();
  const store = await openTestStore(dir(), { clock: time.clock });
  await store.companies.create({ id: 'acme', name: 'Acme' });
  await store.companies.create({ id: 'globex', name: 'Globex' });
  return { store, time };
}

describe('capture snapshots', () => {
  it('keeps every snapshot; latest is the newest and history pages newest first', async () => {
    const { store, time } = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await store.snapshots.add('acme', snapshotFor('acme', [`u${i}`, 'shared']))).id);
      if (i % 2 === 0) time.advance(1000); // some share a timestamp: order must still hold
    }
    expect((await store.snapshots.latest('acme'))?.id).toBe(ids[4]);
    const first = await store.snapshots.history('acme', { limit: 2 });
    expect(first.map((s) => s.id)).toEqual([ids[4], ids[3]]);
    expect(first[0]?.memberCount).toBe(2);
    const second = await store.snapshots.history('acme', { limit: 2, before: ids[3] });
    expect(second.map((s) => s.id)).toEqual([ids[2], ids[1]]);
    const stored = await store.snapshots.byId('acme', ids[0]!);
    expect(stored?.snapshot.members.map((m) => m.id)).toEqual(['u0', 'shared']);
    expect(stored?.takenAt).toBe('2026-01-01T08:00:00.000Z');
    await store.close();
  });

  it('fills in the defaults of the domain schema before storing', async () => {
    const { store } = await setup();
    const stored = await store.snapshots.add('acme', snapshotFor('acme'));
    expect(stored.snapshot.company.lastError).toBeNull();
    expect(stored.snapshot.members[0]?.lastError).toBeNull();
    await store.close();
  });

  it('refuses an invalid snapshot naming the field, and keeps what was stored before', async () => {
    const { store } = await setup();
    const good = await store.snapshots.add('acme', snapshotFor('acme'));
    const bad = snapshotFor('acme');
    (bad.members[0]!.access as { mailbox: string }).mailbox = 'open';
    await expect(store.snapshots.add('acme', bad)).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'members[0].access.mailbox',
    });
    await expect(store.snapshots.add('acme', snapshotFor('globex'))).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'company.id',
    });
    expect((await store.snapshots.history('acme')).map((s) => s.id)).toEqual([good.id]);
    await store.close();
  });

  it("never returns a company's snapshot to another company", async () => {
    const { store } = await setup();
    const stored = await store.snapshots.add('acme', snapshotFor('acme'));
    expect(await store.snapshots.byId('globex', stored.id)).toBeNull();
    expect(await store.snapshots.latest('globex')).toBeNull();
    await expect(store.snapshots.history('globex', { before: stored.id })).rejects.toMatchObject({
      code: 'not_found',
      field: 'before',
    });
    await store.close();
  });
});
