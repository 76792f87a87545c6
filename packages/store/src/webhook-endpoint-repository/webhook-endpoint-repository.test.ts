import { describe, expect, it } from 'vitest';
import { acmeStorePerTest, allBytes } from '../test-support/test-support.js';

const acmeStore = acmeStorePerTest();

async function setup() {
  const opened = await acmeStore();
  await opened.store.companies.create({ id: 'other', name: 'Other' });
  return opened;
}

const hook = { url: 'https://hooks.acme.example/alerts', events: ['sync.failed'] };

describe('webhook endpoints', () => {
  it('makes an endpoint with a whsec_ secret stored only sealed, and lists it without the secret', async () => {
    const { store, dir } = await setup();
    const { endpoint, secret } = await store.webhooks.create('acme', {
      ...hook,
      description: 'ops',
    });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(endpoint).toMatchObject({ ...hook, description: 'ops', enabled: true });
    expect(JSON.stringify(endpoint)).not.toContain(secret);
    const page = await store.webhooks.list('acme');
    expect(page).toEqual({ items: [endpoint] });
    expect(await store.webhooks.revealSecret(endpoint.id)).toBe(secret);
    await store.close();
    const bytes = allBytes(dir);
    expect(bytes.includes(Buffer.from(secret))).toBe(false);
    expect(bytes.includes(Buffer.from(secret.slice('whsec_'.length)))).toBe(false);
  });

  it('pages endpoints by cursor and keeps companies apart', async () => {
    const { store } = await setup();
    const made = [];
    for (let i = 0; i < 3; i++) made.push((await store.webhooks.create('acme', hook)).endpoint);
    await store.webhooks.create('other', hook);
    const first = await store.webhooks.list('acme', { limit: 2 });
    expect(first.items.map((e) => e.id)).toEqual([made[0]!.id, made[1]!.id]);
    expect(first.nextCursor).toBeDefined();
    const second = await store.webhooks.list('acme', { limit: 2, cursor: first.nextCursor });
    expect(second).toEqual({ items: [made[2]] });
    expect(await store.webhooks.get('other', made[0]!.id)).toBeNull();
    await store.close();
  });

  it('changes url, events and enabled; only enabled endpoints of the event listen', async () => {
    const { store, time } = await setup();
    const { endpoint } = await store.webhooks.create('acme', hook);
    const { endpoint: second } = await store.webhooks.create('acme', {
      url: 'https://b.example/',
      events: ['banner.new'],
    });
    time.advance(1000);
    const changed = await store.webhooks.update('acme', endpoint.id, {
      url: 'https://c.example/x',
      events: ['banner.new', 'banner.new', 'sync.failed'],
    });
    expect(changed).toMatchObject({
      url: 'https://c.example/x',
      events: ['banner.new', 'sync.failed'],
      updatedAt: '2026-01-01T09:00:01.000Z',
    });
    expect((await store.webhooks.listening('acme', 'banner.new')).map((e) => e.id)).toEqual([
      endpoint.id,
      second.id,
    ]);
    await store.webhooks.update('acme', second.id, { enabled: false });
    expect((await store.webhooks.listening('acme', 'banner.new')).map((e) => e.id)).toEqual([
      endpoint.id,
    ]);
    await expect(
      store.webhooks.update('acme', endpoint.id, { url: 'ftp://x.example/' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      store.webhooks.update('other', endpoint.id, { enabled: false }),
    ).rejects.toMatchObject({ code: 'not_found', field: 'webhookId' });
    await store.close();
  });

  it('deletes an endpoint of its company only', async () => {
    const { store } = await setup();
    const { endpoint } = await store.webhooks.create('acme', hook);
    await expect(store.webhooks.remove('other', endpoint.id)).rejects.toMatchObject({
      code: 'not_found',
    });
    await store.webhooks.remove('acme', endpoint.id);
    expect(await store.webhooks.get('acme', endpoint.id)).toBeNull();
    await store.close();
  });
});
