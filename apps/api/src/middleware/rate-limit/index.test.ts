import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEnv } from '../../api-env/api-env.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { type TrustProxy, trustNoProxy } from '../../trust-proxy/trust-proxy.js';
import { rateLimitFailures } from './index.js';

const GOOD = 'good-key-1234';

/** An app whose one route accepts GOOD and answers 401 to anything else, counting key checks. */
function app(trust: TrustProxy = trustNoProxy) {
  const checks = { count: 0 };
  const a = new Hono<ApiEnv>();
  a.use('*', rateLimitFailures({ trust, failures: 3, windowSeconds: 60 }));
  a.get('/v1/thing', (c) => {
    checks.count += 1;
    if (c.req.header('authorization') !== `Bearer ${GOOD}`) return c.text('no', 401);
    c.set('principal', { keyId: 'k', companyId: 'acme', role: 'admin' });
    return c.text('yes');
  });
  return { a, checks };
}

const call = (a: Hono<ApiEnv>, key: string, headers: Record<string, string> = {}) =>
  a.request('/v1/thing', { headers: { authorization: `Bearer ${key}`, ...headers } });

describe('rateLimitFailures', () => {
  it('answers 429 with Retry-After once an address has spent its failures, before checking the key', async () => {
    const { a, checks } = app();
    for (let i = 0; i < 3; i += 1) expect((await call(a, `wrong-${i}`)).status).toBe(401);
    const refused = await call(a, 'wrong-again');
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(checks.count).toBe(3);
  });

  it('never slows a valid key: successes spend nothing, and a key that worked passes an exhausted bucket', async () => {
    const { a } = app();
    for (let i = 0; i < 50; i += 1) expect((await call(a, GOOD)).status).toBe(200);
    for (let i = 0; i < 3; i += 1) expect((await call(a, `wrong-${i}`)).status).toBe(401);
    expect((await call(a, 'wrong-again')).status).toBe(429);
    for (let i = 0; i < 20; i += 1) expect((await call(a, GOOD)).status).toBe(200);
  });

  it('ignores X-Forwarded-For unless the peer is a trusted proxy', async () => {
    const untrusted = app().a;
    for (let i = 0; i < 3; i += 1)
      await call(untrusted, 'wrong', { 'x-forwarded-for': `203.0.113.${i}` });
    expect((await call(untrusted, 'wrong', { 'x-forwarded-for': '198.51.100.9' })).status).toBe(
      429,
    );
    // In-process requests have no socket: their peer is "unknown", trusted here as the proxy.
    const behindProxy = app((address) => address === 'unknown').a;
    for (let i = 0; i < 3; i += 1)
      await call(behindProxy, 'wrong', { 'x-forwarded-for': '203.0.113.1' });
    expect((await call(behindProxy, 'wrong', { 'x-forwarded-for': '203.0.113.1' })).status).toBe(
      429,
    );
    expect((await call(behindProxy, 'wrong', { 'x-forwarded-for': '198.51.100.9' })).status).toBe(
      401,
    );
  });
});

describe('rate limits over a socket', () => {
  let t: TestServer;
  let key = '';
  beforeAll(async () => {
    t = await startTestServer({ demo: false, rateLimit: { failures: 3, windowSeconds: 60 } });
    await t.server.store.companies.create({ id: 'acme', name: 'Acme' });
    key = (await t.server.store.apiKeys.create('acme', { role: 'admin' })).key;
  });
  afterAll(() => t?.close());

  const api = (bearer: string) =>
    fetch(`${t.server.url}/v1/companies/acme`, { headers: { authorization: `Bearer ${bearer}` } });
  const signIn = (typed: string) =>
    fetch(`${t.server.url}/sign-in`, {
      method: 'POST',
      headers: { origin: t.server.url },
      body: new URLSearchParams({ key: typed }),
      redirect: 'manual',
    });

  it('answers 429 with Retry-After after wrong keys and wrong sign-ins, and never slows the valid key', async () => {
    expect((await api(key)).status).toBe(200);
    expect((await api(`${key.slice(0, -1)}x`)).status).toBe(401);
    expect((await signIn('cdk_wrong_key')).status).toBe(401);
    expect((await api('cdk_0000000000000000_wrong')).status).toBe(401);
    const limited = await api('cdk_0000000000000000_again');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await signIn('cdk_wrong_key')).status).toBe(429);
    for (let i = 0; i < 10; i += 1) expect((await api(key)).status).toBe(200);
    expect((await signIn(key)).status).toBe(303);
  });
});
