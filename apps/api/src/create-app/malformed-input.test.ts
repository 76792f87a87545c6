import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialKinds } from '../services/connection/connection.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

let t: TestServer;
let routes: Array<{ method: string; path: string }>;

beforeAll(async () => {
  t = await startTestServer();
  const doc = (await (await t.call('/openapi.json', { key: null })).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  routes = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => ({ method: method.toUpperCase(), path })),
  );
  routes.push(
    { method: 'POST', path: '/sign-in' },
    { method: 'GET', path: '/team' },
    { method: 'GET', path: '/team/members/{memberId}' },
  );
});
afterAll(async () => t.close());

/** Everything a refused request must leave as it was. */
async function fingerprint(): Promise<string> {
  const s = t.server.store;
  return JSON.stringify([
    await s.companies.get('demo'),
    await s.evaluations.history('demo', { limit: 1000 }),
    await s.snapshots.latest('demo').then((x) => x?.id),
    await s.acknowledgements.list('demo'),
    await s.outbox.list('demo'),
    await s.consentPolicies.list('demo'),
    await s.connectionStates.get('demo'),
    await credentialKinds(s, 'demo'),
    (await s.auditLog.list('demo', { limit: 10_000 })).length,
  ]);
}

const idArb = fc.oneof(
  fc.constantFrom('demo', 'm01', 'x', '..', '%2e%2e', '%00', 'latest', 'diff', ' ', 'ü', '0'),
  fc.string({ maxLength: 40 }).map((s) => encodeURIComponent(s) || 'e'),
);
const bodyArb = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    '{',
    '[1,2',
    'null',
    '{"version":1}',
    '{"type":"DISCONNECT","at":"2026-01-01T00:00:00Z"}',
    '\u0000',
    '{"__proto__":{"x":1}}',
  ),
  fc
    .record({
      version: fc.constant(1),
      company: fc.jsonValue(),
      members: fc.array(fc.jsonValue(), { maxLength: 3 }),
    })
    .map((v) => JSON.stringify(v)),
);

async function syncSettled(): Promise<void> {
  for (;;) {
    const res = await t.call('/v1/companies/demo/syncs/current');
    const status = (await res.json()) as { finishedAt: string | null };
    if (status.finishedAt !== null) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('malformed requests', () => {
  it('never answer 5xx and never change stored data when refused', async () => {
    const keyArb = fc.constantFrom<string | null>(
      null,
      'garbage',
      'cdk_0_0',
      t.keys.admin,
      t.keys.compliance,
      t.keys.support,
    );
    const headerArb = fc.record({
      authorization: fc.oneof(
        keyArb.map((k) => (k === null ? undefined : `Bearer ${k}`)),
        fc.string({ maxLength: 60 }).map((s) => s.replace(/[\r\n\0]/g, '')),
      ),
      'content-type': fc.constantFrom(
        undefined,
        'application/json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/problem+json',
        'multipart/form-data; boundary=x',
      ),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1000 }),
        idArb,
        idArb,
        headerArb,
        bodyArb,
        fc.string({ maxLength: 30 }),
        async (pick, id1, id2, headers, body, query) => {
          const route = routes[pick % routes.length]!;
          let n = 0;
          const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) =>
            name === 'companyId' && n++ === 0 && pick % 3 !== 0 ? 'demo' : n % 2 ? id1 : id2,
          );
          // A sync an accepted POST started writes as it goes: let it end before comparing.
          await syncSettled();
          const before = await fingerprint();
          const init: RequestInit = {
            method: route.method,
            headers: Object.fromEntries(
              Object.entries(headers).filter(([, v]) => v !== undefined),
            ) as Record<string, string>,
          };
          if (route.method !== 'GET' && route.method !== 'DELETE') init.body = body;
          const res = await t.server.app.request(
            `${path}?${encodeURIComponent(query)}=${encodeURIComponent(query)}`,
            init,
          );
          expect(res.status, `${route.method} ${path}`).toBeLessThan(500);
          if (res.status >= 400)
            expect(await fingerprint(), `${route.method} ${path} ${res.status}`).toBe(before);
        },
      ),
      { numRuns: 300 },
    );
    // 300 requests, each between two reads of every table: on PostgreSQL, many round trips.
  }, 120_000);

  it('refusals are problem+json documents that name a field', async () => {
    await fc.assert(
      fc.asyncProperty(bodyArb, async (body) => {
        const res = await t.call('/v1/evaluate', {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
        });
        if (res.status === 200) return;
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        const problem = (await res.json()) as { field?: string; title: string };
        expect(typeof problem.field).toBe('string');
      }),
      { numRuns: 150 },
    );
  });
});
