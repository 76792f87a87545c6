import { describe, expect, it } from 'vitest';
import { acmeStorePerTest } from '../test-support/test-support.js';

const acmeStore = acmeStorePerTest();

async function setup() {
  const { store, time } = await acmeStore();
  const a = (
    await store.webhooks.create('acme', { url: 'https://a.example/', events: ['sync.failed'] })
  ).endpoint;
  const b = (
    await store.webhooks.create('acme', {
      url: 'https://b.example/',
      events: ['sync.failed', 'banner.new'],
    })
  ).endpoint;
  return { store, time, a, b };
}

const payload = { type: 'sync.failed', data: { companyId: 'acme' } };

describe('alert deliveries', () => {
  it('raises an alert as one pending delivery per listening endpoint, due at once', async () => {
    const { store, a, b } = await setup();
    const raised = await store.alertDeliveries.raise({
      companyId: 'acme',
      type: 'sync.failed',
      payload,
    });
    expect(raised?.deliveries.map((d) => d.endpointId)).toEqual([a.id, b.id]);
    const due = await store.alertDeliveries.due('2026-01-01T09:00:00.000Z');
    expect(due.map((d) => [d.url, d.status, d.eventType, JSON.parse(d.payload)])).toEqual([
      ['https://a.example/', 'pending', 'sync.failed', payload],
      ['https://b.example/', 'pending', 'sync.failed', payload],
    ]);
    const banner = await store.alertDeliveries.raise({
      companyId: 'acme',
      type: 'banner.new',
      payload,
    });
    expect(banner?.deliveries.map((d) => d.endpointId)).toEqual([b.id]);
    await store.close();
  });

  it('raises an alert with a dedupe key once only', async () => {
    const { store } = await setup();
    const alert = { companyId: 'acme', type: 'sync.failed', payload, dedupeKey: 'meeting:m1' };
    expect(await store.alertDeliveries.raise(alert)).not.toBeNull();
    expect(await store.alertDeliveries.raise(alert)).toBeNull();
    expect(await store.alertDeliveries.raise({ ...alert, dedupeKey: 'meeting:m2' })).not.toBeNull();
    expect(await store.alertDeliveries.events('acme', 'sync.failed')).toHaveLength(2);
    await store.close();
  });

  it('a claim is won once; a failed attempt waits for its next time, a success ends it', async () => {
    const { store, a } = await setup();
    await store.alertDeliveries.raise({ companyId: 'acme', type: 'sync.failed', payload });
    const [first] = await store.alertDeliveries.due('2026-01-01T09:00:00.000Z');
    expect(first?.endpointId).toBe(a.id);
    const lease = '2026-01-01T09:01:00.000Z';
    expect(await store.alertDeliveries.claim(first!, lease)).toBe(true);
    expect(await store.alertDeliveries.claim(first!, lease)).toBe(false);
    expect(
      (await store.alertDeliveries.due('2026-01-01T09:00:30.000Z')).map((d) => d.id),
    ).not.toContain(first!.id);
    const failed = await store.alertDeliveries.recordAttempt(first!.id, {
      at: '2026-01-01T09:00:01.000Z',
      delivered: false,
      statusCode: 500,
      error: 'answered 500',
      nextAttemptAt: '2026-01-01T09:05:00.000Z',
    });
    expect(failed).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatusCode: 500,
      lastError: 'answered 500',
      firstAttemptAt: '2026-01-01T09:00:01.000Z',
      nextAttemptAt: '2026-01-01T09:05:00.000Z',
    });
    const delivered = await store.alertDeliveries.recordAttempt(first!.id, {
      at: '2026-01-01T09:05:02.000Z',
      delivered: true,
      statusCode: 204,
      error: null,
      nextAttemptAt: null,
    });
    expect(delivered).toMatchObject({
      status: 'delivered',
      attempts: 2,
      lastError: null,
      firstAttemptAt: '2026-01-01T09:00:01.000Z',
      deliveredAt: '2026-01-01T09:05:02.000Z',
      nextAttemptAt: null,
    });
    await store.close();
  });

  it('lists an endpoint’s deliveries newest first by cursor, and replays a failed one now', async () => {
    const { store, a, b } = await setup();
    for (let i = 0; i < 3; i++) {
      await store.alertDeliveries.raise({ companyId: 'acme', type: 'sync.failed', payload });
    }
    const first = await store.alertDeliveries.list('acme', a.id, { limit: 2 });
    expect(first.items).toHaveLength(2);
    const rest = await store.alertDeliveries.list('acme', a.id, {
      limit: 2,
      cursor: first.nextCursor,
    });
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeUndefined();
    const ids = [...first.items, ...rest.items].map((d) => d.id);
    expect([...ids].sort().reverse()).toEqual(ids);
    const oldest = rest.items[0]!;
    await store.alertDeliveries.recordAttempt(oldest.id, {
      at: '2026-01-01T09:00:00.000Z',
      delivered: false,
      statusCode: null,
      error: 'refused',
      nextAttemptAt: null,
    });
    const replayed = await store.alertDeliveries.replay(
      'acme',
      a.id,
      oldest.id,
      '2026-01-02T10:00:00.000Z',
    );
    expect(replayed).toMatchObject({
      status: 'pending',
      attempts: 1,
      firstAttemptAt: null,
      nextAttemptAt: '2026-01-02T10:00:00.000Z',
    });
    await expect(
      store.alertDeliveries.replay('acme', b.id, oldest.id, '2026-01-02T10:00:00.000Z'),
    ).rejects.toMatchObject({ code: 'not_found', field: 'deliveryId' });
    await expect(store.alertDeliveries.list('other', a.id)).rejects.toMatchObject({
      code: 'not_found',
    });
    await store.close();
  });

  it('a turned-off endpoint’s deliveries wait until it is on again', async () => {
    const { store, a } = await setup();
    await store.alertDeliveries.raise({ companyId: 'acme', type: 'sync.failed', payload });
    await store.webhooks.update('acme', a.id, { enabled: false });
    const now = '2026-01-01T09:00:00.000Z';
    expect((await store.alertDeliveries.due(now)).map((d) => d.endpointId)).not.toContain(a.id);
    await store.webhooks.update('acme', a.id, { enabled: true });
    expect((await store.alertDeliveries.due(now)).map((d) => d.endpointId)).toContain(a.id);
    await store.close();
  });

  it('deleting an endpoint deletes its deliveries', async () => {
    const { store, a } = await setup();
    await store.alertDeliveries.raise({ companyId: 'acme', type: 'sync.failed', payload });
    await store.webhooks.remove('acme', a.id);
    const due = await store.alertDeliveries.due('2026-01-01T09:00:00.000Z');
    expect(due.map((d) => d.endpointId)).not.toContain(a.id);
    expect(due).toHaveLength(1);
    await store.close();
  });
});
