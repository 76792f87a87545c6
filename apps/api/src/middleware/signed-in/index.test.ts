import { openStore, type Store } from '@capture-doctor/store';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEnv } from '../../api-env/api-env.js';
import { testEncryptionKey } from '../../test-support/test-server.js';
import { loadSession, SESSION_COOKIE } from '../session/index.js';
import { signedIn } from './index.js';

let store: Store;
const sessions: Record<string, string> = {};

beforeAll(async () => {
  store = await openStore({ file: ':memory:', encryptionKey: testEncryptionKey });
  await store.companies.create({ id: 'acme', name: 'Acme' });
  for (const role of ['admin', 'support'] as const) {
    const { info } = await store.apiKeys.create('acme', { role });
    const { id } = await store.sessions.create({ keyId: info.id, companyId: 'acme', role });
    sessions[role] = id;
  }
  const { info } = await store.apiKeys.create('acme', { role: 'admin' });
  sessions.revoked = (
    await store.sessions.create({ keyId: info.id, companyId: 'acme', role: 'admin' })
  ).id;
  await store.apiKeys.revoke('acme', info.id);
});
afterAll(() => store.close());

function app() {
  const a = new Hono<ApiEnv>();
  a.use('*', loadSession(store));
  a.get('/any', signedIn({ store }), (c) => c.text(`hello ${c.get('principal').role}`));
  a.post(
    '/admin-only',
    signedIn({ store, roles: ['admin'], refusal: 'Only an admin can do this' }),
    (c) => c.text(`done by ${c.get('principal').role}`),
  );
  return a;
}

const withSession = (id: string | undefined) => ({
  headers: { cookie: `${SESSION_COOKIE}=${id ?? 'none'}` },
});

describe('signedIn', () => {
  it('sends a visitor without a session cookie to the sign-in page', async () => {
    const res = await app().request('/any');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in');
  });

  it('sends a visitor whose session is unknown or whose key is revoked to the sign-in page', async () => {
    for (const id of ['not-a-session', sessions.revoked]) {
      const res = await app().request('/any', withSession(id));
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/sign-in');
    }
  });

  it('lets a signed-in person through, with their key as the principal', async () => {
    const res = await app().request('/any', withSession(sessions.support));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('hello support');
  });

  it('sends a role that is not allowed back to the team page with the refusal as notice', async () => {
    const res = await app().request('/admin-only', {
      method: 'POST',
      ...withSession(sessions.support),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/team');
    expect(await store.sessions.takeFlash(sessions.support ?? '')).toBe(
      'Only an admin can do this',
    );
  });

  it('lets an allowed role run the route', async () => {
    const res = await app().request('/admin-only', {
      method: 'POST',
      ...withSession(sessions.admin),
    });
    expect(await res.text()).toBe('done by admin');
  });
});
