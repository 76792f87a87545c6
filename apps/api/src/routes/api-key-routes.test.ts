import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

interface KeyInfo {
  id: string;
  companyId: string;
  role: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
}

const keysPath = '/v1/companies/demo/api-keys';
let t: TestServer;
let otherKey: string;

beforeAll(async () => {
  t = await startTestServer();
  await t.server.store.companies.create({ id: 'contoso', name: 'Contoso' });
  otherKey = (await t.server.store.apiKeys.create('contoso', { role: 'admin', name: 'contoso' }))
    .key;
});
afterAll(async () => t.close());

async function createKey(
  body: unknown,
  key: string = t.keys.admin,
): Promise<{ key: string; info: KeyInfo }> {
  const res = await t.call(keysPath, { method: 'POST', json: body, key });
  expect(res.status).toBe(201);
  return (await res.json()) as { key: string; info: KeyInfo };
}

/** Every form a leaked key could take in an answer: itself, its secret part, its SHA-256. */
function tracesOf(key: string): string[] {
  return [key, key.split('_').slice(2).join('_'), createHash('sha256').update(key).digest('hex')];
}

describe('API key routes', () => {
  it('an admin makes a compliance key that works at once for what compliance may do', async () => {
    const created = await createKey({ role: 'compliance', name: 'auditor laptop' });
    expect(created.key).toMatch(/^cdk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(created.info).toMatchObject({
      companyId: 'demo',
      role: 'compliance',
      name: 'auditor laptop',
      revokedAt: null,
    });
    expect(created.key).toContain(created.info.id);
    expect((await t.call('/v1/companies/demo/audit', { key: created.key })).status).toBe(200);
    // The role travels with the key: compliance may not queue reminders.
    const refused = await t.call('/v1/companies/demo/reminders', {
      method: 'POST',
      key: created.key,
    });
    expect(refused.status).toBe(403);
  });

  it('a key made without a name is called "api key"', async () => {
    const created = await createKey({ role: 'support' });
    expect(created.info.name).toBe('api key');
  });

  it('the list shows every key of the company with its role, and no key, secret or hash', async () => {
    const created = await createKey({ role: 'support', name: 'help desk' });
    const res = await t.call(keysPath);
    expect(res.status).toBe(200);
    const text = await res.text();
    const { keys } = JSON.parse(text) as { keys: KeyInfo[] };
    expect(keys).toContainEqual(created.info);
    expect(keys.map((k) => k.role)).toEqual(
      expect.arrayContaining(['admin', 'compliance', 'support']),
    );
    expect(keys.every((k) => k.companyId === 'demo')).toBe(true);
    for (const key of [created.key, t.keys.admin, t.keys.compliance, t.keys.support]) {
      for (const trace of tracesOf(key)) expect(text).not.toContain(trace);
    }
    expect(Object.keys(keys[0] ?? {}).sort()).toEqual(
      ['companyId', 'createdAt', 'id', 'name', 'revokedAt', 'role'].sort(),
    );
  });

  it('a revoked key answers 401 on the very next request, although it was just accepted', async () => {
    const created = await createKey({ role: 'compliance' });
    // Used once, so the guard remembers it: the revoke has to make it forget.
    expect((await t.call('/v1/companies/demo/audit', { key: created.key })).status).toBe(200);
    const res = await t.call(`${keysPath}/${created.info.id}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    const revoked = (await res.json()) as KeyInfo;
    expect(revoked).toMatchObject({ id: created.info.id, role: 'compliance' });
    expect(revoked.revokedAt).not.toBeNull();
    const after = await t.call('/v1/companies/demo/audit', { key: created.key });
    expect(after.status).toBe(401);
    expect(after.headers.get('content-type')).toContain('application/problem+json');
    const listed = (await (await t.call(keysPath)).json()) as { keys: KeyInfo[] };
    expect(listed.keys.find((k) => k.id === created.info.id)?.revokedAt).toBe(revoked.revokedAt);
  });

  it('an admin may revoke the very key it is using; that key answers 401 from the next request on', async () => {
    const admin = await createKey({ role: 'admin', name: 'about to go' });
    expect((await t.call(keysPath, { key: admin.key })).status).toBe(200);
    const res = await t.call(`${keysPath}/${admin.info.id}`, { method: 'DELETE', key: admin.key });
    expect(res.status).toBe(200);
    expect((await t.call(keysPath, { key: admin.key })).status).toBe(401);
    // Other keys are not affected by the cache being emptied.
    expect((await t.call(keysPath)).status).toBe(200);
  });

  it('revoking an unknown key id answers 404 problem+json naming the path parameter', async () => {
    const res = await t.call(`${keysPath}/0123456789abcdef`, { method: 'DELETE' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 404, field: 'path:keyId' });
  });

  it("another company's key id answers 404 and that key keeps working", async () => {
    const contosoKeys = (await (
      await t.call('/v1/companies/contoso/api-keys', { key: otherKey })
    ).json()) as { keys: KeyInfo[] };
    const contosoId = contosoKeys.keys[0]?.id ?? '';
    expect(contosoId).not.toBe('');
    const res = await t.call(`${keysPath}/${contosoId}`, { method: 'DELETE' });
    expect(res.status).toBe(404);
    expect((await t.call('/v1/companies/contoso/api-keys', { key: otherKey })).status).toBe(200);
  });

  it('compliance and support keys get 403 on every API key route', async () => {
    const target = await createKey({ role: 'support' });
    for (const key of [t.keys.compliance, t.keys.support]) {
      const answers = [
        await t.call(keysPath, { method: 'POST', json: { role: 'admin' }, key }),
        await t.call(keysPath, { key }),
        await t.call(`${keysPath}/${target.info.id}`, { method: 'DELETE', key }),
      ];
      expect(answers.map((r) => r.status)).toEqual([403, 403, 403]);
    }
    const listed = (await (await t.call(keysPath)).json()) as { keys: KeyInfo[] };
    expect(listed.keys.find((k) => k.id === target.info.id)?.revokedAt).toBeNull();
  });

  it("a key of another company gets 404 on this company's API key routes", async () => {
    const target = await createKey({ role: 'support' });
    const before = ((await (await t.call(keysPath)).json()) as { keys: KeyInfo[] }).keys.length;
    const answers = [
      await t.call(keysPath, { method: 'POST', json: { role: 'admin' }, key: otherKey }),
      await t.call(keysPath, { key: otherKey }),
      await t.call(`${keysPath}/${target.info.id}`, { method: 'DELETE', key: otherKey }),
    ];
    expect(answers.map((r) => r.status)).toEqual([404, 404, 404]);
    const after = ((await (await t.call(keysPath)).json()) as { keys: KeyInfo[] }).keys;
    expect(after).toHaveLength(before);
    expect(after.find((k) => k.id === target.info.id)?.revokedAt).toBeNull();
  });

  it('a request without a key gets 401', async () => {
    expect((await t.call(keysPath, { key: null })).status).toBe(401);
  });

  it.each([
    [{}, 'role'],
    [{ role: 'owner' }, 'role'],
    [{ role: 'admin', name: '   ' }, 'name'],
    [{ role: 'admin', name: 'x'.repeat(201) }, 'name'],
    [{ role: 'admin', secret: 'mine' }, 'secret'],
  ])('the body %j is refused with 400 naming %s', async (body, field) => {
    const res = await t.call(keysPath, { method: 'POST', json: body });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ field });
  });

  it('creates and revokes are in the audit log by key id, and no key appears in it', async () => {
    const created = await createKey({ role: 'compliance', name: 'audited' });
    await t.call(`${keysPath}/${created.info.id}`, { method: 'DELETE' });
    const res = await t.call('/v1/companies/demo/audit?limit=200');
    const text = await res.text();
    const { items: entries } = JSON.parse(text) as {
      items: Array<{ actor: string; action: string; target: string; detail: unknown }>;
    };
    const adminId = (await t.server.store.apiKeys.verify(t.keys.admin))?.keyId;
    const target = `api-key:${created.info.id}`;
    expect(entries.filter((e) => e.target === target)).toEqual([
      expect.objectContaining({ action: 'api-key.revoke', actor: `admin:${adminId}` }),
      expect.objectContaining({
        action: 'api-key.create',
        actor: `admin:${adminId}`,
        detail: { role: 'compliance', name: 'audited' },
      }),
    ]);
    for (const trace of [...tracesOf(created.key), ...tracesOf(t.keys.admin)]) {
      expect(text).not.toContain(trace);
    }
    expect(t.logs.join('\n')).not.toContain(created.key);
  });
});
