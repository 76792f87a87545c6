import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore, tempDir } from '../test-support/test-support.js';

const temps: Array<() => void> = [];
function dir(): string {
  const t = tempDir();
  temps.push(t.cleanup);
  return t.dir;
}
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

describe('companies, connections, members and the connection machine state', () => {
  it('creates a company with a chosen or a generated id, and refuses a taken id', async () => {
    const store = await openTestStore(dir());
    const demo = await store.companies.create({ id: 'demo', name: 'Demo Co' });
    const generated = await store.companies.create({ name: 'Other' });
    expect(generated.id).toMatch(/^[0-9a-f-]{36}$/);
    await expect(store.companies.create({ id: 'demo', name: 'Again' })).rejects.toMatchObject({
      code: 'conflict',
      field: 'id',
    });
    await expect(store.companies.create({ id: 'has space', name: 'x' })).rejects.toMatchObject({
      field: 'id',
    });
    await expect(store.companies.rename('demo', ' ')).rejects.toMatchObject({ field: 'name' });
    await expect(store.companies.rename('nobody', 'x')).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await store.companies.get('demo')).toEqual(demo);
    // Both may share a created_at millisecond, so only membership is certain, not order.
    expect((await store.companies.list()).map((c) => c.id).sort()).toEqual(
      ['demo', generated.id].sort(),
    );
    await store.close();
  });

  it('keeps provider connections per company and refuses the same tenant twice', async () => {
    const store = await openTestStore(dir());
    await store.companies.create({ id: 'acme', name: 'Acme' });
    await store.companies.create({ id: 'globex', name: 'Globex' });
    const c = await store.connections.create('acme', {
      provider: 'google_workspace',
      tenantId: 'acme.example',
    });
    expect(c).toMatchObject({ mode: null, settings: {} });
    await expect(
      store.connections.create('acme', { provider: 'google_workspace', tenantId: 'acme.example' }),
    ).rejects.toMatchObject({ code: 'conflict', field: 'tenantId' });
    await expect(
      store.connections.create('acme', { provider: 'zoom' as 'google_workspace', tenantId: 't' }),
    ).rejects.toMatchObject({ field: 'provider' });
    const updated = await store.connections.update('acme', c.id, {
      mode: 'user_by_user',
      settings: { adminEmail: 'it@acme.example' },
    });
    expect(updated).toMatchObject({
      mode: 'user_by_user',
      settings: { adminEmail: 'it@acme.example' },
    });
    expect(await store.connections.get('globex', c.id)).toBeNull();
    await expect(store.connections.remove('globex', c.id)).rejects.toMatchObject({
      code: 'not_found',
    });
    await store.credentials.put('acme', c.id, { kind: 'client_secret', secret: 's' });
    await store.connections.remove('acme', c.id);
    expect(await store.connections.list('acme')).toEqual([]);
    expect(await store.credentials.reveal(c.id)).toEqual([]);
    await store.close();
  });

  it('upserts team members by provider id', async () => {
    const store = await openTestStore(dir());
    await store.companies.create({ id: 'acme', name: 'Acme' });
    await store.members.upsertMany('acme', [
      { id: 'u2', email: 'zed@acme.example' },
      { id: 'u1', email: 'ana@acme.example', name: 'Ana' },
    ]);
    await store.members.upsert('acme', { id: 'u2', email: 'bo@acme.example', name: 'Bo' });
    expect((await store.members.list('acme')).map((m) => [m.id, m.email, m.name])).toEqual([
      ['u1', 'ana@acme.example', 'Ana'],
      ['u2', 'bo@acme.example', 'Bo'],
    ]);
    // Given twice in one call, a member keeps the last of its values.
    await store.members.upsertMany('acme', [
      { id: 'u1', email: 'first@acme.example' },
      { id: 'u1', email: 'ana@acme.example', name: 'Ana' },
    ]);
    expect(await store.members.get('acme', 'u1')).toMatchObject({ email: 'ana@acme.example' });
    await expect(
      store.members.upsertMany('acme', [
        { id: 'u3', email: 'ok@acme.example' },
        { id: '', email: 'x@y.z' },
      ]),
    ).rejects.toMatchObject({
      field: '[1].id',
    });
    expect(await store.members.get('acme', 'u3')).toBeNull();
    expect(await store.members.remove('acme', 'u1')).toBe(true);
    expect(await store.members.remove('acme', 'u1')).toBe(false);
    await store.close();
  });

  it("stores the connection machine's snapshot as JSON, dropping undefined fields as JSON does", async () => {
    const store = await openTestStore(dir());
    await store.companies.create({ id: 'acme', name: 'Acme' });
    expect(await store.connectionStates.get('acme')).toBeNull();
    await store.connectionStates.save('acme', {
      status: 'active',
      value: { connected: 'companyWide' },
      error: undefined,
    });
    await store.connectionStates.save('acme', {
      status: 'active',
      value: 'disconnected',
      context: { tenants: [] },
    });
    expect((await store.connectionStates.get('acme'))?.state).toEqual({
      status: 'active',
      value: 'disconnected',
      context: { tenants: [] },
    });
    await expect(store.connectionStates.save('acme', { n: 1n })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(store.connectionStates.save('nobody', {})).rejects.toMatchObject({
      code: 'not_found',
    });
    expect((await store.connectionStates.get('acme'))?.state).toMatchObject({
      value: 'disconnected',
    });
    await store.close();
  });
});
