import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { isStoreError } from '../store-error/store-error.js';
import { allBytes, openTestStore, tempDir } from '../test-support/test-support.js';
import { API_KEY_PREFIX } from './api-key-repository.js';

const temps: Array<() => void> = [];
function dir(): string {
  const t = tempDir();
  temps.push(t.cleanup);
  return t.dir;
}
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

async function storeWithCompanies(d: string) {
  const store = await openTestStore(d);
  await store.companies.create({ id: 'acme', name: 'Acme' });
  await store.companies.create({ id: 'globex', name: 'Globex' });
  return store;
}

describe('api keys', () => {
  it('verifies a new key as its role and company', async () => {
    const store = await storeWithCompanies(dir());
    const { key, info } = await store.apiKeys.create('acme', { role: 'support', name: 'helpdesk' });
    expect(key.startsWith(API_KEY_PREFIX)).toBe(true);
    expect(await store.apiKeys.verify(key)).toEqual({
      keyId: info.id,
      role: 'support',
      companyId: 'acme',
    });
    expect(await store.apiKeys.list('acme')).toEqual([info]);
    expect(await store.apiKeys.list('globex')).toEqual([]);
    await store.close();
  });

  it('stores only a hash: no key, nor its secret part, is anywhere in the database files', async () => {
    const d = dir();
    const store = await storeWithCompanies(d);
    const keys: string[] = [];
    for (const role of ['admin', 'compliance', 'support'] as const) {
      keys.push((await store.apiKeys.create('acme', { role })).key);
    }
    const whileOpen = allBytes(d);
    await store.close();
    const afterClose = allBytes(d);
    for (const key of keys) {
      const secretPart = key.slice('cdk_'.length + 16 + 1);
      expect(secretPart).toHaveLength(43);
      for (const bytes of [whileOpen, afterClose]) {
        expect(bytes.includes(key)).toBe(false);
        expect(bytes.includes(secretPart)).toBe(false);
      }
    }
    const reopened = await openTestStore(d);
    for (const key of keys) expect(await reopened.apiKeys.verify(key)).not.toBeNull();
    await reopened.close();
  });

  it('refuses a key with one character changed, a truncated key and a revoked key', async () => {
    const store = await storeWithCompanies(dir());
    const { key, info } = await store.apiKeys.create('acme', { role: 'admin' });
    const last = key.at(-1) === 'A' ? 'B' : 'A';
    expect(await store.apiKeys.verify(`${key.slice(0, -1)}${last}`)).toBeNull();
    expect(await store.apiKeys.verify(key.slice(0, -1))).toBeNull();
    expect(await store.apiKeys.verify(`${key}A`)).toBeNull();
    await store.apiKeys.revoke('acme', info.id);
    expect(await store.apiKeys.verify(key)).toBeNull();
    await store.close();
  });

  it('never verifies random strings, including well-formed keys nobody created', async () => {
    const store = await storeWithCompanies(dir());
    const { key } = await store.apiKeys.create('acme', { role: 'admin' });
    const id = key.slice(4, 20);
    const forged = fc
      .string({
        unit: fc.constantFrom(
          ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
        ),
        minLength: 43,
        maxLength: 43,
      })
      .map((secret) => `cdk_${id}_${secret}`);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), forged), async (candidate) => {
        fc.pre(candidate !== key);
        expect(await store.apiKeys.verify(candidate)).toBeNull();
      }),
      { numRuns: 200 },
    );
    await store.close();
  });

  it("a company cannot revoke another company's key", async () => {
    const store = await storeWithCompanies(dir());
    const { key, info } = await store.apiKeys.create('acme', { role: 'admin' });
    await expect(store.apiKeys.revoke('globex', info.id)).rejects.toSatisfy((e) =>
      isStoreError(e, 'not_found'),
    );
    expect(await store.apiKeys.verify(key)).not.toBeNull();
    await store.close();
  });

  it('rejects an unknown role naming the field, and a key for a missing company', async () => {
    const store = await storeWithCompanies(dir());
    await expect(store.apiKeys.create('acme', { role: 'owner' as 'admin' })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'role',
    });
    await expect(store.apiKeys.create('nobody', { role: 'admin' })).rejects.toMatchObject({
      code: 'not_found',
      field: 'companyId',
    });
    expect(await store.apiKeys.list('acme')).toEqual([]);
    await store.close();
  });
});
