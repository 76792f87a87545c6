import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t.close());

const at = '2026-11-21T10:00:00Z';
const policy = {
  id: 'p',
  version: 1,
  recorderName: 'Recorder',
  noticeEmail: { enabled: true, leadTimeHours: 24, audience: 'external' },
  consentPage: { enabled: true, audience: 'everyone' },
  announcement: { enabled: true },
};

async function actions(): Promise<string[]> {
  const res = await t.call('/v1/companies/demo/audit?limit=500');
  return ((await res.json()) as { items: Array<{ action: string }> }).items.map((e) => e.action);
}

describe('the audit log', () => {
  it('gets one entry, naming the key and never the key itself, for every change made through the API', async () => {
    const latest = (await (await t.call('/v1/companies/demo/evaluations/latest')).json()) as {
      report: unknown;
    };
    expect(latest).toHaveProperty('report');
    const snapshot = (await t.server.store.snapshots.latest('demo'))!.snapshot;
    const changes: Array<[string, string, RequestInit & { json?: unknown; key?: string }]> = [
      ['company.rename', '/v1/companies/demo', { method: 'PATCH', json: { name: 'Northwind' } }],
      [
        'connection.change',
        '/v1/companies/demo/connection',
        { method: 'PATCH', json: { type: 'CRM_CONNECTED', at } },
      ],
      [
        'connection.credential.save',
        '/v1/companies/demo/connection/credentials',
        { method: 'PUT', json: { kind: 'refresh_token', secret: 'rt-0123456789abcdef' } },
      ],
      ['snapshot.store', '/v1/companies/demo/snapshots', { method: 'POST', json: snapshot }],
      ['evaluation.run', '/v1/companies/demo/evaluations', { method: 'POST' }],
      [
        'acknowledgement.create',
        '/v1/companies/demo/acknowledgements',
        {
          method: 'POST',
          json: {
            memberId: 'm10',
            ruleId: 'email-integration-not-set-up',
            reason: 'opted out',
            expiresAt: '2099-01-01T00:00:00Z',
          },
        },
      ],
      ['reminders.queue', '/v1/companies/demo/reminders', { method: 'POST' }],
      [
        'consent-policy.draft',
        '/v1/companies/demo/consent-policy/draft',
        { method: 'PUT', json: policy },
      ],
      [
        'consent-policy.approve',
        '/v1/companies/demo/consent-policy/approve',
        { method: 'POST', key: t.keys.compliance },
      ],
    ];
    for (const [action, path, init] of changes) {
      const before = await actions();
      const res = await t.call(path, init);
      expect(res.status, `${action}: ${await res.clone().text()}`).toBeLessThan(300);
      const after = await actions();
      expect(after[0], path).toBe(action);
      expect(after.length).toBeGreaterThan(before.length);
    }
    const ack = (
      (await (await t.call('/v1/companies/demo/acknowledgements')).json()) as {
        items: Array<{ id: string }>;
      }
    ).items[0]!;
    await t.call(`/v1/companies/demo/acknowledgements/${ack.id}`, { method: 'DELETE' });
    expect((await actions())[0]).toBe('acknowledgement.revoke');

    const text = await (await t.call('/v1/companies/demo/audit?limit=500')).text();
    for (const key of Object.values(t.keys)) expect(text).not.toContain(key);
  });

  it('gets nothing for reads or for a stateless evaluation', async () => {
    const before = await actions();
    await t.call('/v1/companies/demo/members?color=red');
    await t.call('/v1/rules');
    const snapshot = (await t.server.store.snapshots.latest('demo'))!.snapshot;
    await t.call('/v1/evaluate', { method: 'POST', json: snapshot });
    expect(await actions()).toEqual(before);
  });
});

describe('the audit log past 10,000 entries', () => {
  it('still shows the newest entries first', async () => {
    let now = Date.parse('2026-11-22T09:00:00Z');
    const busy = await startTestServer({ clock: () => new Date(now) });
    try {
      // One transaction: on PostgreSQL each commit is a round trip of its own.
      await busy.server.store.transaction(async (store) => {
        for (let i = 0; i < 10_001; i += 1) {
          await store.auditLog.record({
            companyId: 'demo',
            actor: 'system',
            action: 'test.bulk',
            target: `entry:${i}`,
          });
        }
      });
      now += 60_000;
      const renamed = await busy.call('/v1/companies/demo', {
        method: 'PATCH',
        json: { name: 'Newest' },
      });
      expect(renamed.status).toBe(200);
      const res = await busy.call('/v1/companies/demo/audit?limit=2');
      const entries = ((await res.json()) as { items: Array<{ action: string }> }).items;
      expect(entries.map((e) => e.action)).toEqual(['company.rename', 'test.bulk']);
    } finally {
      await busy.close();
    }
  }, 120_000);
});
