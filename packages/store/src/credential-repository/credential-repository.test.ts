import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { isStoreError } from '../store-error/store-error.js';
import { allBytes, OTHER_KEY, openTestStore, tempDir } from '../test-support/test-support.js';

const temps: Array<() => void> = [];
function dir(): string {
  const t = tempDir();
  temps.push(t.cleanup);
  return t.dir;
}
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

async function storeWithConnection(d: string) {
  const store = await openTestStore(d);
  await store.companies.create({ id: 'acme', name: 'Acme' });
  const connection = await store.connections.create('acme', {
    provider: 'google_workspace',
    tenantId: 'acme.example',
  });
  return { store, connection };
}

describe('credentials', () => {
  it('round-trips random secrets, and none of them is anywhere in the database files', async () => {
    const d = dir();
    const { store, connection } = await storeWithConnection(d);
    const secrets: string[] = [];
    // A random suffix makes each secret long and unique, so a match in the file bytes means a leak.
    const secret = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 200 })
      .map((s) => `${s}${randomBytes(8).toString('hex')}`);
    await fc.assert(
      fc.asyncProperty(
        secret,
        fc.constantFrom('service_account_key', 'client_secret', 'refresh_token' as const),
        async (plain, kind) => {
          const memberId = `m${secrets.length}`;
          const info = await store.credentials.put('acme', connection.id, {
            kind,
            memberId,
            secret: plain,
          });
          secrets.push(plain);
          expect(info).not.toHaveProperty('secret');
          const revealed = await store.credentials.reveal(connection.id);
          expect(revealed.find((c) => c.id === info.id)?.secret).toBe(plain);
        },
      ),
      { numRuns: 40 },
    );
    const whileOpen = allBytes(d);
    await store.close();
    const afterClose = allBytes(d);
    for (const plain of secrets) {
      expect(whileOpen.includes(Buffer.from(plain, 'utf8'))).toBe(false);
      expect(afterClose.includes(Buffer.from(plain, 'utf8'))).toBe(false);
    }
  });

  it('lists credentials without their secrets', async () => {
    const { store, connection } = await storeWithConnection(dir());
    await store.credentials.put('acme', connection.id, {
      kind: 'service_account_key',
      label: 'sa@acme.iam.example',
      secret: '{"private_key":"-----BEGIN PRIVATE KEY-----abc"}',
    });
    const listed = await store.credentials.list('acme', connection.id);
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain('PRIVATE KEY');
    expect(listed[0]).toMatchObject({
      kind: 'service_account_key',
      label: 'sa@acme.iam.example',
      revokedAt: null,
    });
    await store.close();
  });

  it('rotating a secret revokes the previous one and erases it', async () => {
    const d = dir();
    const { store, connection } = await storeWithConnection(d);
    const first = await store.credentials.put('acme', connection.id, {
      kind: 'refresh_token',
      memberId: 'u1',
      secret: 'old-token-aaaa',
    });
    await store.credentials.put('acme', connection.id, {
      kind: 'refresh_token',
      memberId: 'u2',
      secret: 'other-member-token',
    });
    await store.credentials.put('acme', connection.id, {
      kind: 'refresh_token',
      memberId: 'u1',
      secret: 'new-token-bbbb',
    });
    const active = await store.credentials.reveal(connection.id);
    expect(active.map((c) => [c.memberId, c.secret])).toEqual([
      ['u2', 'other-member-token'],
      ['u1', 'new-token-bbbb'],
    ]);
    const listed = await store.credentials.list('acme', connection.id);
    expect(listed.find((c) => c.id === first.id)?.revokedAt).not.toBeNull();
    await store.close();
  });

  it('a revoked credential is no longer revealed', async () => {
    const { store, connection } = await storeWithConnection(dir());
    const info = await store.credentials.put('acme', connection.id, {
      kind: 'client_secret',
      secret: 's-1',
    });
    const revoked = await store.credentials.revoke('acme', info.id);
    expect(revoked.revokedAt).not.toBeNull();
    expect(await store.credentials.reveal(connection.id)).toEqual([]);
    await store.close();
  });

  it("another company can neither list nor revoke a company's credentials", async () => {
    const { store, connection } = await storeWithConnection(dir());
    await store.companies.create({ id: 'other', name: 'Other' });
    const info = await store.credentials.put('acme', connection.id, {
      kind: 'client_secret',
      secret: 's',
    });
    await expect(store.credentials.list('other', connection.id)).rejects.toSatisfy((e) =>
      isStoreError(e, 'not_found'),
    );
    await expect(store.credentials.revoke('other', info.id)).rejects.toSatisfy((e) =>
      isStoreError(e, 'not_found'),
    );
    await expect(
      store.credentials.put('other', connection.id, { kind: 'client_secret', secret: 's' }),
    ).rejects.toSatisfy((e) => isStoreError(e, 'not_found'));
    await store.close();
  });

  it('reopening with the wrong key fails clearly, and the right key still reads everything', async () => {
    const d = dir();
    const { store, connection } = await storeWithConnection(d);
    await store.credentials.put('acme', connection.id, {
      kind: 'client_secret',
      secret: 'keep-me',
    });
    await store.close();
    const attempt = openTestStore(d, { encryptionKey: OTHER_KEY });
    await expect(attempt).rejects.toSatisfy((e) => isStoreError(e, 'encryption_key_mismatch'));
    await expect(openTestStore(d, { encryptionKey: OTHER_KEY })).rejects.toThrow(
      /is not the key .* was created with/,
    );
    const right = await openTestStore(d);
    expect((await right.credentials.reveal(connection.id))[0]?.secret).toBe('keep-me');
    await right.close();
  });

  it('rejects a credential without a secret, naming the field', async () => {
    const { store, connection } = await storeWithConnection(dir());
    await expect(
      store.credentials.put('acme', connection.id, { kind: 'client_secret', secret: '' }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'secret' });
    await expect(
      store.credentials.put('acme', connection.id, {
        kind: 'password' as 'client_secret',
        secret: 'x',
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'kind' });
    await store.close();
  });
});
