import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

const hooks = '/v1/companies/demo/webhooks';
const recipients = '/v1/companies/demo/alert-recipients';
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await t.close();
});

interface Problem {
  status: number;
  field?: string;
  detail: string;
}

async function create(body: unknown): Promise<Response> {
  return t.call(hooks, { method: 'POST', json: body });
}

// The routes' answers are checked against the receiver's real address only where the operator
// allows private addresses; elsewhere they must be refused.
function allowPrivate(allowed: boolean): void {
  vi.stubEnv('CAPTURE_DOCTOR_ALLOW_PRIVATE_WEBHOOKS', allowed ? '1' : '');
}

describe('webhook routes', () => {
  it('registers an endpoint and shows its whsec_ secret in that answer only', async () => {
    allowPrivate(true);
    const res = await create({
      url: 'http://127.0.0.1:9/hook',
      events: ['member.turned_red', 'sync.failed'],
      description: 'ops pager',
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; secret: string; events: string[] };
    expect(created).toMatchObject({
      url: 'http://127.0.0.1:9/hook',
      events: ['member.turned_red', 'sync.failed'],
      description: 'ops pager',
      enabled: true,
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const secretPart = created.secret.slice('whsec_'.length);
    for (const path of [hooks, `${hooks}/${created.id}`, `${hooks}/${created.id}/deliveries`]) {
      const text = await (await t.call(path)).text();
      expect(text).not.toContain(secretPart);
    }
    const one = (await (await t.call(`${hooks}/${created.id}`)).json()) as Record<string, unknown>;
    expect(one).not.toHaveProperty('secret');
    expect(one.id).toBe(created.id);
    const audit = await (await t.call('/v1/companies/demo/audit?limit=500')).text();
    expect(audit).toContain('webhook.create');
    expect(audit).not.toContain(secretPart);
  });

  it('refuses a body that names no events, an unknown event or a non-http URL, naming the field', async () => {
    allowPrivate(true);
    const cases: Array<[unknown, string]> = [
      [{ url: 'https://hooks.example/', events: [] }, 'events'],
      [{ url: 'https://hooks.example/', events: ['member.turned_blue'] }, 'events[0]'],
      [{ url: 'ftp://hooks.example/', events: ['sync.failed'] }, 'url'],
      [{ events: ['sync.failed'] }, 'url'],
      [{ url: 'https://hooks.example/', events: ['sync.failed'], secret: 'mine' }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await create(body);
      expect(res.status).toBe(400);
      const problem = (await res.json()) as Problem;
      if (field !== '') expect(problem.field).toBe(field);
    }
  });

  it('refuses loopback, private and link-local addresses, and a host resolving to 127.0.0.1', async () => {
    allowPrivate(false);
    for (const url of [
      'http://[::1]/',
      'http://10.0.0.1',
      'http://127.0.0.1:8080/x',
      'http://169.254.169.254/latest/meta-data',
      'http://[fd00::1]/',
      'http://[fe80::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://192.168.1.20/',
      'http://localhost:9/hook',
    ]) {
      const res = await create({ url, events: ['sync.failed'] });
      expect(res.status, url).toBe(400);
      const problem = (await res.json()) as Problem;
      expect(problem.field).toBe('url');
      expect(problem.detail).toContain('CAPTURE_DOCTOR_ALLOW_PRIVATE_WEBHOOKS');
    }
    const resolved = (await (
      await create({ url: 'http://localhost:9/hook', events: ['sync.failed'] })
    ).json()) as Problem;
    expect(resolved.detail).toMatch(/localhost resolves to it/);
  });

  it('changes the URL (checked again), the events and enabled; deletes; another company’s id is 404', async () => {
    allowPrivate(true);
    const created = (await (
      await create({ url: 'http://127.0.0.1:9/a', events: ['sync.failed'] })
    ).json()) as { id: string };
    const one = `${hooks}/${created.id}`;
    const patched = await t.call(one, {
      method: 'PATCH',
      json: { url: 'http://127.0.0.1:9/b', events: ['banner.new'], enabled: false },
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      url: 'http://127.0.0.1:9/b',
      events: ['banner.new'],
      enabled: false,
    });
    allowPrivate(false);
    const refused = await t.call(one, { method: 'PATCH', json: { url: 'http://10.1.2.3/' } });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Problem).field).toBe('url');
    await t.server.store.companies.create({ id: 'contoso', name: 'Contoso' });
    const { key } = await t.server.store.apiKeys.create('contoso', { role: 'admin' });
    const foreign = await t.call(`/v1/companies/contoso/webhooks/${created.id}`, { key });
    expect(foreign.status).toBe(404);
    const deleted = await t.call(one, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect((await t.call(one)).status).toBe(404);
    expect((await t.call(one, { method: 'DELETE' })).status).toBe(404);
  });

  it('lists endpoints a page at a time; only admins see them', async () => {
    allowPrivate(true);
    for (let i = 0; i < 3; i++)
      await create({ url: `http://127.0.0.1:9/${i}`, events: ['sync.failed'] });
    const first = (await (await t.call(`${hooks}?limit=2`)).json()) as {
      items: Array<{ id: string }>;
      nextCursor?: string;
    };
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeDefined();
    const next = (await (
      await t.call(`${hooks}?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`)
    ).json()) as { items: Array<{ id: string }> };
    expect(next.items.map((e) => e.id)).not.toContain(first.items[0]!.id);
    expect((await t.call(`${hooks}?cursor=nonsense`)).status).toBe(400);
    expect((await t.call(hooks, { key: t.keys.compliance })).status).toBe(403);
    expect((await t.call(hooks, { key: t.keys.support })).status).toBe(403);
  });

  it('shows an endpoint’s delivery log and replays a delivery with 202', async () => {
    allowPrivate(true);
    const created = (await (
      await create({ url: 'http://127.0.0.1:9/log', events: ['sync.failed'] })
    ).json()) as { id: string };
    const raised = await t.server.store.alertDeliveries.raise({
      companyId: 'demo',
      type: 'sync.failed',
      payload: { type: 'sync.failed', data: {} },
    });
    const delivery = raised!.deliveries.find((d) => d.endpointId === created.id)!;
    await t.server.store.alertDeliveries.recordAttempt(delivery.id, {
      at: new Date().toISOString(),
      delivered: false,
      statusCode: 502,
      error: 'the receiver answered 502',
      nextAttemptAt: null,
    });
    const log = (await (await t.call(`${hooks}/${created.id}/deliveries`)).json()) as {
      items: Array<Record<string, unknown>>;
    };
    expect(log.items).toEqual([
      expect.objectContaining({
        id: delivery.id,
        eventType: 'sync.failed',
        status: 'failed',
        attempts: 1,
        lastStatusCode: 502,
        lastError: 'the receiver answered 502',
        nextAttemptAt: null,
        deliveredAt: null,
      }),
    ]);
    const replay = await t.call(`${hooks}/${created.id}/deliveries/${delivery.id}/replay`, {
      method: 'POST',
    });
    expect(replay.status).toBe(202);
    expect(await replay.json()).toMatchObject({ id: delivery.id, status: 'pending' });
    const missing = await t.call(`${hooks}/${created.id}/deliveries/nope/replay`, {
      method: 'POST',
    });
    expect(missing.status).toBe(404);
    expect((await t.call(`${hooks}/nope/deliveries`)).status).toBe(404);
  });
});

describe('alert recipient routes', () => {
  it('replaces and reads the list of email recipients', async () => {
    expect(await (await t.call(recipients)).json()).toEqual({ items: [] });
    const items = [
      { email: 'ops@northwind.example', events: ['sync.failed', 'member.turned_red'] },
      { email: 'dpo@northwind.example', events: ['consent.declined'] },
    ];
    const put = await t.call(recipients, { method: 'PUT', json: { items } });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ items });
    expect(await (await t.call(recipients)).json()).toEqual({ items });
  });

  it('refuses an unknown event, a bad address or an address given twice, naming it', async () => {
    const bad: Array<[unknown, string]> = [
      [{ items: [{ email: 'a@b.example', events: ['nope'] }] }, 'items[0].events[0]'],
      [{ items: [{ email: 'not-an-address', events: ['banner.new'] }] }, 'items[0].email'],
      [
        {
          items: [
            { email: 'a@b.example', events: ['banner.new'] },
            { email: 'a@b.example', events: ['sync.failed'] },
          ],
        },
        'items[1].email',
      ],
    ];
    for (const [body, field] of bad) {
      const res = await t.call(recipients, { method: 'PUT', json: body });
      expect(res.status).toBe(400);
      expect(((await res.json()) as Problem).field).toBe(field);
    }
  });
});

describe('alerts raised by serve', () => {
  it('the start-up sync of the demo raises one meeting.will_not_record alert per such upcoming meeting', async () => {
    const expected = await t.server.store.calendarMeetings.list('demo', {
      verdict: 'will_not_record',
      limit: 1000,
    });
    expect(expected.length).toBeGreaterThan(0);
    let keys: string[] = [];
    for (let i = 0; i < 100 && keys.length < expected.length; i += 1) {
      const events = await t.server.store.alertDeliveries.events('demo', 'meeting.will_not_record');
      keys = events.map((e) => JSON.parse(e.payload).data.meetingKey);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(keys.sort()).toEqual(expected.map((m) => m.key).sort());
  });
});
