import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

const snapshot = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../demo/demo-snapshot.json', import.meta.url)), 'utf8'),
);

let t: TestServer;
let otherKey: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestServer();
  await t.server.store.companies.create({ id: 'contoso', name: 'Contoso' });
  otherKey = (
    await t.server.store.apiKeys.create('contoso', { role: 'admin', name: 'contoso admin' })
  ).key;
  const asOther = { key: otherKey };
  await t.call('/v1/companies/contoso/snapshots', {
    ...asOther,
    method: 'POST',
    json: { ...snapshot, company: { ...snapshot.company, id: 'contoso' } },
  });
  ids.evaluationId = (
    (await (
      await t.call('/v1/companies/contoso/evaluations', { ...asOther, method: 'POST' })
    ).json()) as { id: string }
  ).id;
  const ack = await t.call('/v1/companies/contoso/acknowledgements', {
    ...asOther,
    method: 'POST',
    json: {
      memberId: 'm04',
      ruleId: 'recording-seat-missing',
      reason: 'ordered',
      expiresAt: '2099-01-01T00:00:00Z',
    },
  });
  ids.acknowledgementId = ((await ack.json()) as { id: string }).id;
  ids.memberId = 'm04';
  ids.companyId = 'contoso';
});
afterAll(async () => t.close());

describe('isolation between companies', () => {
  it('every route of company B answers 404 to any key of company A, whatever its role', async () => {
    const doc = (await (await t.call('/openapi.json', { key: null })).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const companyPaths = Object.entries(doc.paths).filter(([path]) => path.includes('{companyId}'));
    expect(companyPaths.length).toBeGreaterThan(15);
    let checked = 0;
    for (const [template, item] of companyPaths) {
      const path = template.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? 'x');
      for (const method of Object.keys(item)) {
        for (const key of [t.keys.admin, t.keys.compliance, t.keys.support]) {
          const res = await t.call(path, {
            method: method.toUpperCase(),
            key,
            ...(method === 'get' || method === 'delete' ? {} : { json: {} }),
          });
          expect(`${method} ${path} ${res.status}`).toBe(`${method} ${path} 404`);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it("company B's data is untouched by those requests", async () => {
    const acks = (await (
      await t.call('/v1/companies/contoso/acknowledgements', { key: otherKey })
    ).json()) as {
      items: Array<{ revokedAt: string | null }>;
    };
    expect(acks.items).toEqual([expect.objectContaining({ revokedAt: null })]);
    const audit = (await (
      await t.call('/v1/companies/contoso/audit', { key: otherKey })
    ).json()) as { items: Array<{ actor: string }> };
    // snapshot.store, evaluation.run, acknowledgement.create: all by company B's own key
    expect(audit.items).toHaveLength(3);
    expect(new Set(audit.items.map((e) => e.actor)).size).toBe(1);
  });

  it('the 404 for another company looks exactly like the 404 for a company that does not exist', async () => {
    const other = await t.call('/v1/companies/contoso/members/m04');
    const missing = await t.call('/v1/companies/no-such-company/members/m04');
    const strip = (p: { detail: string; instance: string }) => ({
      ...p,
      detail: p.detail.replace(/"[^"]*"/, '""'),
      instance: '',
    });
    expect(strip((await other.json()) as never)).toEqual(strip((await missing.json()) as never));
  });
});
