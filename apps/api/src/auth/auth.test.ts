import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { rememberedKeys } from './auth.js';

let t: TestServer;
let key: string;

beforeAll(async () => {
  t = await startTestServer({ demo: false });
  await t.server.store.companies.create({ id: 'acme', name: 'Acme' });
  key = (await t.server.store.apiKeys.create('acme', { role: 'admin', name: 'test' })).key;
});
afterAll(() => t.close());

/** The real store, with its key checks counted. */
function countedStore() {
  const counted = { calls: 0, store: t.server.store };
  counted.store = {
    ...t.server.store,
    apiKeys: {
      ...t.server.store.apiKeys,
      verify: (k: string) => {
        counted.calls += 1;
        return t.server.store.apiKeys.verify(k);
      },
    },
  };
  return counted;
}

describe('rememberedKeys', () => {
  it('asks the store once for a valid key, again once 5 seconds have passed', async () => {
    const counted = countedStore();
    let now = 1_000;
    const verify = rememberedKeys(counted.store, () => now);
    expect(await verify(key)).toMatchObject({ companyId: 'acme', role: 'admin' });
    expect(await verify(key)).toMatchObject({ companyId: 'acme' });
    expect(counted.calls).toBe(1);
    now += 5_001;
    await verify(key);
    expect(counted.calls).toBe(2);
  });

  it('asks the store again after forgetAll, so a revoke is seen at once', async () => {
    const counted = countedStore();
    const verify = rememberedKeys(counted.store, () => 1_000);
    await verify(key);
    await verify(key);
    expect(counted.calls).toBe(1);
    verify.forgetAll();
    await verify(key);
    expect(counted.calls).toBe(2);
  });

  it('does not remember an answer the store gave while forgetAll was called', async () => {
    const counted = countedStore();
    let verify = rememberedKeys(counted.store, () => 1_000);
    const slow = {
      ...counted.store,
      apiKeys: {
        ...counted.store.apiKeys,
        async verify(k: string) {
          const principal = await counted.store.apiKeys.verify(k);
          verify.forgetAll(); // a revoke lands between the read and the answer
          return principal;
        },
      },
    };
    verify = rememberedKeys(slow, () => 1_000);
    expect(await verify(key)).toMatchObject({ companyId: 'acme' });
    await verify(key);
    expect(counted.calls).toBe(2);
  });

  it('forgets a key another process revoked within a second, through the store change feed', async () => {
    const here = rememberedKeys(t.server.store);
    const there = rememberedKeys(t.server.store);
    const other = await t.server.store.apiKeys.create('acme', { role: 'support', name: 'other' });
    expect(await there(other.key)).toMatchObject({ companyId: 'acme' });
    await t.server.store.apiKeys.revoke('acme', other.info.id);
    here.forgetAll();
    await expect.poll(() => there(other.key), { timeout: 1_000, interval: 50 }).toBeNull();
  });

  it('never remembers an unknown key', async () => {
    const counted = countedStore();
    const verify = rememberedKeys(counted.store);
    const forged = `${key.slice(0, -4)}AAAA`;
    expect(await verify(forged)).toBeNull();
    expect(await verify(forged)).toBeNull();
    expect(counted.calls).toBe(2);
  });
});
