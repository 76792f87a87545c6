import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

let t: TestServer;
// 10:00 UTC: the default schedule's next moment is 12:00, plus the company's delay.
const now = new Date('2026-03-02T10:00:00.000Z');
const path = '/v1/companies/demo/sync-schedule';

beforeAll(async () => {
  t = await startTestServer({ clock: () => new Date(now) });
});
afterAll(async () => {
  await t.close();
});

describe('the sync schedule API', () => {
  it('shows every six hours in UTC until an admin sets one, with the next run at most 10 minutes after the cron moment', async () => {
    const res = await t.call(path, { key: t.keys.support });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { cron: string; nextRunAt: string };
    expect(body).toMatchObject({ cron: '0 */6 * * *', timezone: 'UTC', enabled: true });
    const next = Date.parse(body.nextRunAt);
    expect(next).toBeGreaterThanOrEqual(Date.parse('2026-03-02T12:00:00.000Z'));
    expect(next).toBeLessThan(Date.parse('2026-03-02T12:10:00.000Z'));
  });

  it('lets an admin set a schedule in a time zone, which every later read shows and the audit log records', async () => {
    const put = await t.call(path, {
      method: 'PUT',
      json: { cron: '30 2 * * *', timezone: 'Europe/Paris', enabled: true },
    });
    expect(put.status).toBe(200);
    const saved = (await put.json()) as { nextRunAt: string };
    // 02:30 in Paris on 3 March is 01:30 UTC.
    expect(saved.nextRunAt.startsWith('2026-03-03T01:')).toBe(true);
    const read = await (await t.call(path)).json();
    expect(read).toEqual({
      cron: '30 2 * * *',
      timezone: 'Europe/Paris',
      enabled: true,
      nextRunAt: saved.nextRunAt,
    });
    const audit = await t.server.store.auditLog.list('demo');
    expect(audit.some((e) => e.action === 'sync.schedule.set')).toBe(true);
  });

  it('turned off, has no next run; the time zone defaults to UTC', async () => {
    const put = await t.call(path, { method: 'PUT', json: { cron: '0 3 * * 1', enabled: false } });
    expect(await put.json()).toEqual({
      cron: '0 3 * * 1',
      timezone: 'UTC',
      enabled: false,
      nextRunAt: null,
    });
  });

  it.each([
    ['not cron', 'cron'],
    ['61 * * * *', 'cron'],
    ['*/5 * * * * *', 'cron'],
  ])('refuses the cron expression %j with a 400 naming %s', async (cron, field) => {
    const res = await t.call(path, { method: 'PUT', json: { cron, enabled: true } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { field: string }).field).toBe(field);
  });

  it('refuses an unknown time zone with a 400 naming timezone', async () => {
    const res = await t.call(path, {
      method: 'PUT',
      json: { cron: '0 3 * * *', timezone: 'Mars/Olympus', enabled: true },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { field: string }).field).toBe('timezone');
  });

  it('lets only an admin change it', async () => {
    const res = await t.call(path, {
      key: t.keys.compliance,
      method: 'PUT',
      json: { cron: '0 3 * * *', enabled: true },
    });
    expect(res.status).toBe(403);
  });
});
