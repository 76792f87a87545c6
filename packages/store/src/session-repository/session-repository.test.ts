import { afterEach, describe, expect, it } from 'vitest';
import { allBytes, openTestStore, tempDir } from '../test-support/test-support.js';

const temps: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

async function setUp(clock?: () => Date) {
  const t = tempDir();
  temps.push(t.cleanup);
  const store = await openTestStore(t.dir, clock ? { clock } : {});
  await store.companies.create({ id: 'acme', name: 'Acme' });
  const { info } = await store.apiKeys.create('acme', { role: 'admin' });
  const key = { keyId: info.id, companyId: 'acme', role: 'admin' as const };
  return { store, key, dir: t.dir };
}

describe('sessions', () => {
  it('finds a new session as its key, company and role, and keeps only a hash of its id', async () => {
    const { store, key, dir } = await setUp();
    const { id, session } = await store.sessions.create(key);
    expect(Buffer.from(id, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(await store.sessions.find(id)).toEqual(session);
    expect(session).toMatchObject(key);
    expect(allBytes(dir).includes(id)).toBe(false);
    expect(await store.sessions.find(`${id}x`)).toBeNull();
    await store.close();
  });

  it('ends after the idle time without use, slides while used, and ends at the absolute limit', async () => {
    let now = Date.parse('2026-11-30T08:00:00.000Z');
    const { store, key } = await setUp(() => new Date(now));
    const { id } = await store.sessions.create(key, { idleSeconds: 60, absoluteSeconds: 150 });
    now += 50_000;
    expect(await store.sessions.find(id)).not.toBeNull();
    now += 50_000; // 100 s after sign-in, 50 s after the last use
    expect(await store.sessions.find(id)).not.toBeNull();
    now += 55_000; // past the absolute limit though used 55 s ago
    expect(await store.sessions.find(id)).toBeNull();
    const idle = await store.sessions.create(key, { idleSeconds: 60, absoluteSeconds: 150 });
    now += 61_000;
    expect(await store.sessions.find(idle.id)).toBeNull();
    await store.close();
  });

  it('ends on sign-out and when its key is revoked', async () => {
    const { store, key } = await setUp();
    const first = await store.sessions.create(key);
    await store.sessions.end(first.id);
    expect(await store.sessions.find(first.id)).toBeNull();
    const second = await store.sessions.create(key);
    await store.apiKeys.revoke('acme', key.keyId);
    expect(await store.sessions.find(second.id)).toBeNull();
    await store.close();
  });

  it('keeps a notice for the next page only', async () => {
    const { store, key } = await setUp();
    const { id } = await store.sessions.create(key);
    expect(await store.sessions.takeFlash(id)).toBeNull();
    await store.sessions.setFlash(id, 'Evaluation done');
    expect(await store.sessions.takeFlash(id)).toBe('Evaluation done');
    expect(await store.sessions.takeFlash(id)).toBeNull();
    await store.close();
  });
});
