import { afterEach, describe, expect, it } from 'vitest';
import {
  manualClock,
  openTestStore,
  reportFor,
  snapshotFor,
  tempDir,
} from '../test-support/test-support.js';

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
  const snapshot = await store.snapshots.add('acme', snapshotFor('acme'));
  return { store, time, snapshot };
}

describe('evaluations', () => {
  it('keeps the history of reports, each linked to its snapshot', async () => {
    const { store, time, snapshot } = await setup();
    const first = await store.evaluations.add('acme', {
      snapshotId: snapshot.id,
      report: reportFor('acme'),
    });
    time.advance(60_000);
    const second = await store.evaluations.add('acme', {
      snapshotId: snapshot.id,
      report: reportFor('acme'),
    });
    expect(await store.evaluations.latest('acme')).toEqual(second);
    expect(await store.evaluations.byId('acme', first.id)).toEqual(first);
    const history = await store.evaluations.history('acme');
    expect(history.map((e) => e.id)).toEqual([second.id, first.id]);
    expect(history[0]).toEqual({
      id: second.id,
      companyId: 'acme',
      snapshotId: snapshot.id,
      createdAt: '2026-01-01T09:01:00.000Z',
      summary: reportFor('acme').summary,
    });
    expect(await store.evaluations.history('acme', { before: second.id })).toHaveLength(1);
    await store.close();
  });

  it('replaces a report in place: same id and time, no new row in any history', async () => {
    const { store, time, snapshot } = await setup();
    const stored = await store.evaluations.add('acme', {
      snapshotId: snapshot.id,
      report: reportFor('acme'),
    });
    time.advance(60_000);
    const changed = reportFor('acme');
    const member = changed.members[0]!;
    member.icons = { ...member.icons, email: 'red' };
    const replaced = await store.evaluations.replaceReport('acme', stored.id, changed);
    expect(replaced).toMatchObject({ id: stored.id, createdAt: stored.createdAt });
    expect(await store.evaluations.latest('acme')).toEqual(replaced);
    expect((await store.evaluations.history('acme')).map((e) => e.id)).toEqual([stored.id]);
    const history = await store.evaluations.memberHistory('acme', member.id);
    expect(history.map((e) => [e.evaluationId, e.icons.email])).toEqual([[stored.id, 'red']]);
    await expect(store.evaluations.replaceReport('acme', 'nope', changed)).rejects.toMatchObject({
      code: 'not_found',
    });
    await store.close();
  });

  it("refuses a report for another company, or on another company's snapshot", async () => {
    const { store, snapshot } = await setup();
    await expect(
      store.evaluations.add('acme', { snapshotId: snapshot.id, report: reportFor('globex') }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'report.companyId' });
    await expect(
      store.evaluations.add('globex', { snapshotId: snapshot.id, report: reportFor('globex') }),
    ).rejects.toMatchObject({ code: 'not_found', field: 'snapshotId' });
    expect(await store.evaluations.latest('acme')).toBeNull();
    expect(await store.evaluations.latest('globex')).toBeNull();
    await store.close();
  });

  it('refuses a malformed report naming the field', async () => {
    const { store, snapshot } = await setup();
    const report = reportFor('acme');
    const bad = {
      ...report,
      members: [{ ...report.members[0]!, icons: { ...report.members[0]!.icons, email: 'blue' } }],
    };
    await expect(
      store.evaluations.add('acme', { snapshotId: snapshot.id, report: bad as typeof report }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'report.members[0].icons.email',
    });
    await store.close();
  });
});
