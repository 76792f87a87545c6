import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientAddress, ownOrigin, reachedOverHttps, trustProxyFrom } from './trust-proxy.js';

describe('trustProxyFrom', () => {
  it('trusts loopback and listed addresses only, and refuses a mistyped entry', () => {
    const trust = trustProxyFrom('loopback, 10.0.0.5');
    expect(['127.0.0.1', '127.8.0.1', '::1', '::ffff:127.0.0.1', '10.0.0.5'].map(trust)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['10.0.0.6', '203.0.113.7', 'unknown'].map(trust)).toEqual([false, false, false]);
    expect(trustProxyFrom('')('127.0.0.1')).toBe(false);
    expect(trustProxyFrom(undefined)('127.0.0.1')).toBe(false);
    expect(() => trustProxyFrom('loopbak')).toThrow(/CAPTURE_DOCTOR_TRUST_PROXY/);
  });
});

describe('forwarded headers', () => {
  // In-process requests have no socket: their peer is "unknown", trusted here as the proxy.
  const behindProxy = (address: string) => address === 'unknown' || address === '10.0.0.5';
  const probe = (trust: (address: string) => boolean) => {
    const app = new Hono();
    app.get('/', (c) =>
      c.json({
        client: clientAddress(c, trust),
        https: reachedOverHttps(c, trust),
        origin: ownOrigin(c, trust),
      }),
    );
    return async (headers: Record<string, string>) =>
      (await app.request('http://svc.example/', { headers })).json();
  };

  it('reads the client, scheme and host a trusted proxy forwards, skipping trusted hops', async () => {
    const ask = probe(behindProxy);
    expect(
      await ask({
        'x-forwarded-for': '198.51.100.1, 203.0.113.7, 10.0.0.5',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'capture.example',
      }),
    ).toEqual({ client: '203.0.113.7', https: true, origin: 'https://capture.example' });
    expect(await ask({ forwarded: 'for="[2001:db8::1]:4711";proto=https' })).toEqual({
      client: '2001:db8::1',
      https: true,
      origin: 'https://svc.example',
    });
  });

  it('ignores every forwarded header when the peer is not a trusted proxy', async () => {
    const ask = probe(() => false);
    expect(
      await ask({
        'x-forwarded-for': '203.0.113.7',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'evil.example',
        forwarded: 'for=203.0.113.8;proto=https',
      }),
    ).toEqual({ client: 'unknown', https: false, origin: 'http://svc.example' });
  });
});
