import { testDatabaseUrl } from '@capture-doctor/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

// Two servers on one PostgreSQL database, each with its own store (pool, change feed, caches),
// as two `serve` processes behind a proxy would run.
let servers: TestServer[] = [];
let admin = '';

beforeAll(async () => {
  const databaseUrl = await testDatabaseUrl(`several-servers-${process.pid}`);
  servers = await Promise.all([startTestServer({ databaseUrl }), startTestServer({ databaseUrl })]);
  admin = servers.map((s) => s.server.demo?.keys.admin).find((k) => k !== undefined) ?? '';
}, 120_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

function both(): [TestServer, TestServer] {
  const [one, two] = servers;
  if (!one || !two) throw new Error('two servers were started');
  return [one, two];
}

describe('two servers on one PostgreSQL database', () => {
  it('create the demo company once, though they started together', async () => {
    const [one, two] = both();
    expect([one.server.demo, two.server.demo].filter((d) => d !== null)).toHaveLength(1);
    const created = (await one.server.store.auditLog.list('demo')).filter(
      (e) => e.action === 'demo.create',
    );
    expect(created).toHaveLength(1);
  });

  it('answer alike: what one writes, the other reads on its next request', async () => {
    const [one, two] = both();
    const renamed = await one.call('/v1/companies/demo', {
      key: admin,
      method: 'PATCH',
      json: { name: 'Renamed through one' },
    });
    expect(renamed.status).toBe(200);
    const read = await two.call('/v1/companies/demo', { key: admin });
    expect(((await read.json()) as { name: string }).name).toBe('Renamed through one');
    const members = async (s: TestServer) =>
      (await s.call('/v1/companies/demo/members?limit=500', { key: admin })).text();
    expect(await members(two)).toBe(await members(one));
  });

  it('refuse a key revoked through the other within a second', async () => {
    const [one, two] = both();
    const made = await one.call('/v1/companies/demo/api-keys', {
      key: admin,
      method: 'POST',
      json: { role: 'support', name: 'short-lived' },
    });
    const { key, info } = (await made.json()) as { key: string; info: { id: string } };
    // The other server checks the key now, and would remember it for 5 seconds.
    expect((await two.call('/v1/companies/demo', { key })).status).toBe(200);
    const revoked = await one.call(`/v1/companies/demo/api-keys/${info.id}`, {
      key: admin,
      method: 'DELETE',
    });
    expect(revoked.status).toBe(200);
    const started = Date.now();
    await expect
      .poll(async () => (await two.call('/v1/companies/demo', { key })).status, {
        timeout: 1_000,
        interval: 25,
      })
      .toBe(401);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('refuse within a second a screen session signed out through the other', async () => {
    const [one, two] = both();
    // A form posted from the server's own page, as a browser would.
    const post = (s: TestServer, path: string, form: Record<string, string>, cookie = '') =>
      fetch(`${s.server.url}${path}`, {
        method: 'POST',
        headers: { origin: s.server.url, ...(cookie ? { cookie } : {}) },
        body: new URLSearchParams(form),
        redirect: 'manual',
      });
    const signIn = await post(one, '/sign-in', { key: admin });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const team = (s: TestServer) =>
      fetch(`${s.server.url}/team`, { headers: { cookie }, redirect: 'manual' });
    const page = await team(two);
    expect(page.status).toBe(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    expect((await post(two, '/sign-out', { _csrf: token }, cookie)).status).toBe(303);
    const ended = Date.now();
    await expect
      .poll(async () => (await team(one)).headers.get('location'), { timeout: 1_000, interval: 25 })
      .toBe('/sign-in');
    expect(Date.now() - ended).toBeLessThan(1_000);
  });
});
