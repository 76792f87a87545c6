import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { SESSION_COOKIE } from './index.js';

// Through the real socket, as a browser would: forms, cookies and the headers a proxy adds.
let t: TestServer;
let proxied: TestServer;
const keys: Record<string, string> = {};

const keyFor = (server: TestServer, role: 'admin' | 'support') =>
  server.server.store.apiKeys.create('acme', { role });

beforeAll(async () => {
  t = await startTestServer({ demo: false, trustProxy: '' });
  proxied = await startTestServer({ demo: false, trustProxy: 'loopback' });
  for (const server of [t, proxied])
    await server.server.store.companies.create({ id: 'acme', name: 'Acme' });
  keys.admin = (await keyFor(t, 'admin')).key;
  keys.support = (await keyFor(t, 'support')).key;
  keys.proxiedAdmin = (await keyFor(proxied, 'admin')).key;
});
afterAll(async () => {
  await t?.close();
  await proxied?.close();
});

async function signIn(server: TestServer, key: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.server.url}/sign-in`, {
    method: 'POST',
    body: new URLSearchParams({ key }),
    headers: { origin: server.server.url, ...headers },
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { setCookie, cookie: setCookie.split(';')[0] ?? '' };
}

const team = (server: TestServer, cookie: string, path = '/team') =>
  fetch(`${server.server.url}${path}`, { headers: { cookie }, redirect: 'manual' });

describe('screen sessions over a socket', () => {
  it('sign-in sets an HttpOnly, SameSite=Strict, Path=/ cookie holding a random id, never the key', async () => {
    const { setCookie, cookie } = await signIn(t, keys.admin ?? '');
    const id = cookie.slice(`${SESSION_COOKIE}=`.length);
    expect(cookie.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
    expect(Buffer.from(id, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(setCookie).not.toContain(keys.admin);
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=Strict/i);
    expect(setCookie).toMatch(/; Path=\//i);
    expect(setCookie).not.toMatch(/; Secure/i);
    expect((await team(t, cookie)).status).toBe(200);
    // The old cookie that held the raw key signs nobody in.
    expect((await team(t, `cd_key=${keys.admin}`)).headers.get('location')).toBe('/sign-in');
  });

  it('marks the cookie Secure behind a trusted proxy that says https, and only then', async () => {
    const https = { 'x-forwarded-proto': 'https' };
    expect(
      (
        await signIn(proxied, keys.proxiedAdmin ?? '', {
          ...https,
          origin: proxied.server.url.replace('http:', 'https:'),
        })
      ).setCookie,
    ).toMatch(/; Secure/i);
    const forwarded = {
      forwarded: 'for=203.0.113.7;proto=https',
      origin: proxied.server.url.replace('http:', 'https:'),
    };
    expect((await signIn(proxied, keys.proxiedAdmin ?? '', forwarded)).setCookie).toMatch(
      /; Secure/i,
    );
    // Without a trusted proxy anyone could send the header: it is ignored.
    expect((await signIn(t, keys.admin ?? '', https)).setCookie).not.toMatch(/; Secure/i);
  });

  it('sign-out deletes the session: a copy of the cookie no longer works', async () => {
    const { cookie } = await signIn(t, keys.support ?? '');
    const page = await (await team(t, cookie)).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const out = await fetch(`${t.server.url}/sign-out`, {
      method: 'POST',
      headers: { cookie, origin: t.server.url },
      body: new URLSearchParams({ _csrf: token }),
      redirect: 'manual',
    });
    expect(out.status).toBe(303);
    const copied = await team(t, cookie);
    expect(copied.status).toBe(303);
    expect(copied.headers.get('location')).toBe('/sign-in');
  });

  it('revoking the key ends its sessions at once, though the key was just verified (and remembered)', async () => {
    const made = await keyFor(t, 'admin');
    const { cookie } = await signIn(t, made.key);
    const bearer = { authorization: `Bearer ${made.key}` };
    expect((await fetch(`${t.server.url}/v1/companies/acme`, { headers: bearer })).status).toBe(
      200,
    );
    const revoke = await fetch(`${t.server.url}/v1/companies/acme/api-keys/${made.info.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${keys.admin}` },
    });
    expect(revoke.status).toBe(200);
    expect((await team(t, cookie)).headers.get('location')).toBe('/sign-in');
  });

  it('a key revoked by another process ends its sessions too, whatever this process remembers', async () => {
    const made = await keyFor(t, 'support');
    const { cookie } = await signIn(t, made.key);
    expect((await team(t, cookie)).status).toBe(200);
    await t.server.store.apiKeys.revoke('acme', made.info.id);
    expect((await team(t, cookie)).headers.get('location')).toBe('/sign-in');
  });

  it('shows only notices the service set: a sentence in the address bar is not shown', async () => {
    const { cookie } = await signIn(t, keys.support ?? '');
    const forged = 'Your account is locked, call +1 555 0100';
    const page = await (await team(t, cookie, `/team?notice=${encodeURIComponent(forged)}`)).text();
    expect(page).not.toContain('call +1 555 0100');
    // A refusal the service itself kept for this session is shown, once.
    const home = await (await team(t, cookie)).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(home)?.[1] ?? '';
    await fetch(`${t.server.url}/team/reminders`, {
      method: 'POST',
      headers: { cookie, origin: t.server.url },
      body: new URLSearchParams({ _csrf: token }),
      redirect: 'manual',
    });
    expect(await (await team(t, cookie)).text()).toContain('Only an admin can send reminders');
    expect(await (await team(t, cookie)).text()).not.toContain('Only an admin can send reminders');
  });
});
