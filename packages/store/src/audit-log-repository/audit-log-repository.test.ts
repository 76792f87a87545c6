import { afterEach, describe, expect, it } from 'vitest';
import { manualClock, openTestStore, tempDir } from '../test-support/test-support.js';

const temps: Array<() => void> = [];
function dir(): string {
  const t = tempDir();
  temps.push(t.cleanup);
  return t.dir;
}
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

describe('audit log', () => {
  it("lists a company's entries in a period, oldest first, by action when asked", async () => {
    const time = manualClock('2026-01-01T00:00:00.000Z');
    const store = await openTestStore(dir(), { clock: time.clock });
    await store.companies.create({ id: 'acme', name: 'Acme' });
    await store.companies.create({ id: 'globex', name: 'Globex' });
    for (const day of [1, 2, 3, 4]) {
      time.set(`2026-01-0${day}T12:00:00.000Z`);
      await store.auditLog.record({
        companyId: 'acme',
        actor: 'api-key:k1',
        action: day % 2 === 0 ? 'policy.approve' : 'acknowledgement.create',
        target: `thing:${day}`,
        details: { day },
      });
    }
    await store.auditLog.record({
      companyId: 'globex',
      actor: 'x',
      action: 'policy.approve',
      target: 'p',
    });
    const period = await store.auditLog.list('acme', {
      from: '2026-01-02T00:00:00.000Z',
      to: new Date('2026-01-04T12:00:00.000Z'),
    });
    expect(period.map((e) => e.target)).toEqual(['thing:2', 'thing:3']);
    expect(period[0]).toMatchObject({
      actor: 'api-key:k1',
      at: '2026-01-02T12:00:00.000Z',
      details: { day: 2 },
    });
    expect(
      (await store.auditLog.list('acme', { action: 'policy.approve' })).map((e) => e.target),
    ).toEqual(['thing:2', 'thing:4']);
    await store.close();
  });

  it('lists the entries past a [at, id] key, in either order, so pages follow one another', async () => {
    const time = manualClock('2026-01-01T00:00:00.000Z');
    const store = await openTestStore(dir(), { clock: time.clock });
    await store.companies.create({ id: 'acme', name: 'Acme' });
    // Two entries share each instant: the id breaks the tie.
    for (const n of [1, 2, 3, 4, 5, 6]) {
      time.set(`2026-01-0${Math.ceil(n / 2)}T12:00:00.000Z`);
      await store.auditLog.record({ companyId: 'acme', actor: 'x', action: 'a', target: `t${n}` });
    }
    for (const order of ['asc', 'desc'] as const) {
      const all = await store.auditLog.list('acme', { order });
      const walked: string[] = [];
      let after: [string, string] | undefined;
      for (;;) {
        const page = await store.auditLog.list('acme', {
          order,
          limit: 4,
          ...(after ? { after } : {}),
        });
        walked.push(...page.map((e) => e.target));
        const last = page.at(-1);
        if (page.length < 4 || !last) break;
        after = [last.at, last.id];
      }
      expect(walked).toEqual(all.map((e) => e.target));
    }
    await store.close();
  });

  it('records an entry at the time given, and one without a company', async () => {
    const store = await openTestStore(dir());
    const entry = await store.auditLog.record({
      actor: 'anonymous',
      action: 'auth.refused',
      target: 'request',
      at: '2026-05-05T05:05:05+02:00',
    });
    expect(entry).toMatchObject({ companyId: null, at: '2026-05-05T03:05:05.000Z' });
    await expect(
      store.auditLog.record({ companyId: 'nobody', actor: 'a', action: 'b', target: 'c' }),
    ).rejects.toMatchObject({ code: 'not_found', field: 'companyId' });
    await expect(
      store.auditLog.record({ actor: 'a', action: '', target: 'c' }),
    ).rejects.toMatchObject({
      field: 'action',
    });
    await store.close();
  });
});
