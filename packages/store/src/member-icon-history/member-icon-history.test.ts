import type { IconColor, Report } from '@capture-doctor/domain';
import { afterEach, describe, expect, it } from 'vitest';
import {
  manualClock,
  openTestStore,
  reportFor,
  snapshotFor,
  tempDir,
} from '../test-support/test-support.js';

const temps: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

/** A report where each listed member has all three icons in the given colour. */
function reportWith(companyId: string, colours: Record<string, IconColor>): Report {
  const base = reportFor(companyId);
  const template = base.members[0]!;
  const members = Object.entries(colours).map(([id, colour]) => ({
    ...template,
    id,
    email: `${id}@acme.example`,
    icons: { microphone: colour, calendar: colour, email: colour },
  }));
  return { ...base, members };
}

async function setup() {
  const t = tempDir();
  temps.push(t.cleanup);
  const time = manualClock();
  const store = await openTestStore(t.dir, { clock: time.clock });
  await store.companies.create({ id: 'acme', name: 'Acme' });
  await store.companies.create({ id: 'globex', name: 'Globex' });
  const snapshot = await store.snapshots.add('acme', snapshotFor('acme', ['u1', 'u2']));
  const add = async (colours: Record<string, IconColor>) => {
    time.advance(60_000);
    return store.evaluations.add('acme', {
      snapshotId: snapshot.id,
      report: reportWith('acme', colours),
    });
  };
  return { store, add };
}

describe('evaluations.memberHistory', () => {
  it("gives one member's icons per evaluation that listed them, newest first, with the snapshot's time", async () => {
    const { store, add } = await setup();
    const first = await add({ u1: 'red', u2: 'green' });
    await add({ u2: 'yellow' });
    const third = await add({ u1: 'green', u2: 'off' });
    expect(await store.evaluations.memberHistory('acme', 'u1')).toEqual([
      {
        evaluationId: third.id,
        createdAt: third.createdAt,
        takenAt: '2026-01-01T08:00:00.000Z',
        icons: { microphone: 'green', calendar: 'green', email: 'green' },
      },
      {
        evaluationId: first.id,
        createdAt: first.createdAt,
        takenAt: '2026-01-01T08:00:00.000Z',
        icons: { microphone: 'red', calendar: 'red', email: 'red' },
      },
    ]);
    const u2 = await store.evaluations.memberHistory('acme', 'u2');
    expect(u2.map((e) => e.icons.email)).toEqual(['off', 'yellow', 'green']);
    await store.close();
  });

  it('pages with limit and before (the last evaluation id of the previous page)', async () => {
    const { store, add } = await setup();
    const ids: string[] = [];
    for (const colour of ['red', 'yellow', 'green', 'off', 'unknown'] as const) {
      ids.push((await add({ u1: colour })).id);
    }
    const firstPage = await store.evaluations.memberHistory('acme', 'u1', { limit: 2 });
    expect(firstPage.map((e) => e.icons.microphone)).toEqual(['unknown', 'off']);
    const secondPage = await store.evaluations.memberHistory('acme', 'u1', {
      limit: 2,
      before: firstPage[1]!.evaluationId,
    });
    expect(secondPage.map((e) => e.evaluationId)).toEqual([ids[2], ids[1]]);
    await expect(
      store.evaluations.memberHistory('acme', 'u1', { before: 'nope' }),
    ).rejects.toMatchObject({ code: 'not_found', field: 'before' });
    await expect(store.evaluations.memberHistory('acme', 'u1', { limit: 0 })).rejects.toMatchObject(
      { code: 'invalid_input', field: 'limit' },
    );
    await store.close();
  });

  it("never gives another company's rows, and nothing for an unknown member", async () => {
    const { store, add } = await setup();
    await add({ u1: 'red' });
    expect(await store.evaluations.memberHistory('globex', 'u1')).toEqual([]);
    expect(await store.evaluations.memberHistory('acme', 'nobody')).toEqual([]);
    await store.close();
  });

  it('keeps no icon rows of an evaluation whose transaction failed', async () => {
    const { store } = await setup();
    const snapshot = await store.snapshots.latest('acme');
    const attempt = store.transaction(async (tx) => {
      await tx.evaluations.add('acme', {
        snapshotId: snapshot!.id,
        report: reportWith('acme', { u1: 'red' }),
      });
      throw new Error('something after the evaluation failed');
    });
    await expect(attempt).rejects.toThrow('something after the evaluation failed');
    expect(await store.evaluations.latest('acme')).toBeNull();
    expect(await store.evaluations.memberHistory('acme', 'u1')).toEqual([]);
    await store.close();
  });
});
