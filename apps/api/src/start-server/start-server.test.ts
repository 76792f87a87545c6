import { openStore } from '@capture-doctor/store';
import { afterAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  type TestServer,
  testEncryptionKey,
  testStoreLocation,
} from '../test-support/test-server.js';
import { startupBanner } from './start-server.js';

const secret = '-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASC-demo-secret-7f3a9c';
const running: TestServer[] = [];
afterAll(async () => {
  for (const t of running) await t.close().catch(() => undefined);
});

async function over(
  t: TestServer,
  path: string,
  init: RequestInit & { key?: string; json?: unknown } = {},
) {
  const { key, json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (key) headers.set('authorization', `Bearer ${key}`);
  if (json !== undefined) headers.set('content-type', 'application/json');
  return fetch(`${t.server.url}${path}`, {
    ...rest,
    headers,
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  });
}

describe('startServer over a real socket', () => {
  it('migrates, creates the demo company once, and after a restart on the same file finds everything', async () => {
    const first = await startTestServer();
    running.push(first);
    expect(first.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const admin = first.keys.admin;
    expect(admin).toMatch(/^cdk_/);
    const banner = startupBanner(first.server);
    expect(banner).toContain(`${first.server.url}/team`);
    expect(banner).toContain(admin);

    const health = await over(first, '/healthz');
    expect(await health.json()).toMatchObject({ status: 'ok' });
    await over(first, '/v1/companies/demo/connection/credentials', {
      method: 'PUT',
      key: admin,
      json: { kind: 'service_account_key', secret },
    });
    const ack = (await (
      await over(first, '/v1/companies/demo/acknowledgements', {
        method: 'POST',
        key: admin,
        json: {
          memberId: 'm13',
          ruleId: 'calendar-not-available',
          reason: 'calendar being restored',
          expiresAt: '2099-06-01T00:00:00Z',
        },
      })
    ).json()) as { id: string };
    await over(first, '/v1/companies/demo/reminders', { method: 'POST', key: admin });
    const before = {
      evaluations: await (
        await over(first, '/v1/companies/demo/evaluations?limit=100', { key: admin })
      ).json(),
      latest: await (
        await over(first, '/v1/companies/demo/evaluations/latest', { key: admin })
      ).json(),
      connection: await (await over(first, '/v1/companies/demo/connection', { key: admin })).json(),
      outbox: await (await over(first, '/v1/companies/demo/outbox', { key: admin })).json(),
      audit: await (await over(first, '/v1/companies/demo/audit', { key: admin })).json(),
    };
    await first.close({ keepData: true });
    running.pop();

    const second = await startTestServer({
      dataDir: first.dataDir,
      encryptionKey: testEncryptionKey,
    });
    running.push(second);
    expect(second.server.demo).toBeNull();
    expect(startupBanner(second.server)).not.toContain('cdk_');
    expect(
      await (await over(second, '/v1/companies/demo/evaluations?limit=100', { key: admin })).json(),
    ).toEqual(before.evaluations);
    expect(
      await (await over(second, '/v1/companies/demo/evaluations/latest', { key: admin })).json(),
    ).toEqual(before.latest);
    expect(
      await (await over(second, '/v1/companies/demo/connection', { key: admin })).json(),
    ).toEqual(before.connection);
    expect(await (await over(second, '/v1/companies/demo/outbox', { key: admin })).json()).toEqual(
      before.outbox,
    );
    expect(await (await over(second, '/v1/companies/demo/audit', { key: admin })).json()).toEqual(
      before.audit,
    );
    const acks = (await (
      await over(second, '/v1/companies/demo/acknowledgements', { key: admin })
    ).json()) as { items: Array<{ id: string }> };
    expect(acks.items.map((a) => a.id)).toEqual([ack.id]);
    expect((before.connection as { credentials: string[] }).credentials).toEqual([
      'client_secret',
      'refresh_token',
      'service_account_key',
    ]);
  });

  it('after a restart the demo fake runs on new ports and secrets, and "sync now" still completes', async () => {
    const first = await startTestServer();
    running.push(first);
    const admin = first.keys.admin;
    await first.close({ keepData: true });
    running.pop();
    const again = await startTestServer({ dataDir: first.dataDir });
    running.push(again);
    // The fake tenant started again on new ports with new secrets, and the stored connection
    // followed it: "sync now" after a restart completes.
    const sync = await over(again, '/v1/companies/demo/syncs', { method: 'POST', key: admin });
    expect(sync.status, await sync.clone().text()).toBe(202);
    let status = (await sync.json()) as { phase: string; finishedAt: string | null };
    while (status.finishedAt === null) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const current = await over(again, '/v1/companies/demo/syncs/current', { key: admin });
      status = (await current.json()) as typeof status;
    }
    expect(status.phase).toBe('completed');
    // reached the new fake with the new secrets: a working member is still all green
    const ada = (await (
      await over(again, '/v1/companies/demo/members/m01', { key: admin })
    ).json()) as { evaluationId: string; member: { icons: Record<string, string> } };
    expect(ada.evaluationId).toBe((status as { evaluationId?: string }).evaluationId);
    expect(ada.member.icons).toEqual({ microphone: 'green', calendar: 'green', email: 'green' });
    await again.close();
    running.pop();
  });

  it('without the demo, starts no fake provider and creates no demo company', async () => {
    const t = await startTestServer({ demo: false });
    running.push(t);
    expect(t.server.demo).toBeNull();
    expect(await t.server.store.companies.get('demo')).toBeNull();
    expect(t.logs.some((line) => line.includes('fake'))).toBe(false);
    await t.close();
    running.pop();
  });
});

describe('secrets', () => {
  it('never appear in any response or log line', async () => {
    const t = await startTestServer();
    running.push(t);
    const secrets = [secret, t.keys.admin, t.keys.compliance, t.keys.support, testEncryptionKey];
    const seen: string[] = [];
    const record = async (res: Response, path: string) => {
      // Every header, the sign-in answer's cookie too: it holds a session id, never the key.
      const headers = [...res.headers.entries()].map(([name, value]) => `${name}: ${value}`);
      seen.push(`${path}\n${headers.join('\n')}\n${await res.text()}`);
    };
    const admin = t.keys.admin;
    const calls: Array<[string, RequestInit & { key?: string; json?: unknown }]> = [
      [
        '/v1/companies/demo/connection/credentials',
        { method: 'PUT', key: admin, json: { kind: 'client_secret', secret } },
      ],
      [
        '/v1/companies/demo/connection/credentials',
        { method: 'PUT', key: admin, json: { kind: 'password', secret } },
      ],
      [
        '/v1/companies/demo/connection/credentials',
        { method: 'PUT', key: t.keys.support, json: { kind: 'client_secret', secret } },
      ],
      ['/v1/companies/demo/connection', { key: admin }],
      ['/v1/companies/demo/connection', { key: t.keys.support }],
      ['/v1/companies/demo/members/m17', { key: t.keys.support }],
      ['/v1/companies/demo/members/m08', { key: t.keys.support }],
      ['/v1/companies/demo/audit', { key: admin }],
      ['/v1/companies/demo/outbox', { key: admin }],
      ['/v1/companies/demo/evaluations/latest', { key: t.keys.compliance }],
      ['/v1/companies', { key: admin }],
      ['/v1/companies/demo/evaluations', { method: 'POST', key: admin }],
      ['/v1/companies/demo/reminders', { method: 'POST', key: admin }],
      ['/v1/companies/demo', { key: `${admin}x` }],
      ['/v1/companies/demo/syncs', { method: 'POST', key: admin }],
      ['/v1/companies/demo/syncs/current', { key: t.keys.support }],
      ['/v1/companies/demo/syncs/current', { method: 'DELETE', key: admin }],
      ['/v1/companies/demo/ingestion-audit', { key: admin }],
      ['/v1/companies/demo/members/m01/ingestion-audit', { key: t.keys.compliance }],
      ['/openapi.json', {}],
      ['/reference', {}],
    ];
    for (const [path, init] of calls) await record(await over(t, path, init), path);
    const signIn = await over(t, '/sign-in', {
      method: 'POST',
      body: new URLSearchParams({ key: t.keys.support }),
      headers: { origin: t.server.url },
      redirect: 'manual',
    });
    const cookie = signIn.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect(cookie).toMatch(/^cd_session=/);
    await record(signIn, '/sign-in');
    for (const path of ['/team', '/team/members/m17', '/team/members/m08']) {
      await record(await over(t, path, { headers: { cookie } }), path);
    }
    // the demo tenant's OAuth client secret and refresh tokens, as the store holds them
    const raw = await openStore({
      ...(await testStoreLocation(t.dataDir)),
      encryptionKey: testEncryptionKey,
    });
    for (const connection of await raw.connections.list('demo'))
      for (const credential of await raw.credentials.reveal(connection.id))
        secrets.push(credential.secret);
    await raw.close();
    expect(secrets.length).toBeGreaterThan(10);
    await t.close();
    running.pop();
    const everything = [...seen, ...t.logs].join('\n');
    expect(seen.length).toBe(calls.length + 4);
    expect(t.logs.length).toBeGreaterThan(calls.length);
    for (const s of secrets)
      expect(everything.includes(s), `a secret leaked: ${s.slice(0, 8)}…`).toBe(false);
  });
});
