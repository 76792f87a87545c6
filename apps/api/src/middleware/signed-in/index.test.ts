import type { VerifiedApiKey } from '@capture-doctor/store';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { ApiEnv } from '../../api-env/api-env.js';
import { SESSION_COOKIE, signedIn } from './index.js';

const keys: Record<string, VerifiedApiKey> = {
  'admin-key': { keyId: 'k1', companyId: 'acme', role: 'admin' },
  'support-key': { keyId: 'k2', companyId: 'acme', role: 'support' },
};
const verify = async (key: string) => keys[key] ?? null;

function app() {
  const a = new Hono<ApiEnv>();
  a.get('/any', signedIn({ verify }), (c) => c.text(`hello ${c.get('principal').keyId}`));
  a.post(
    '/admin-only',
    signedIn({ verify, roles: ['admin'], refusal: 'Only an admin can do this' }),
    (c) => c.text(`done by ${c.get('principal').role}`),
  );
  return a;
}

const withKey = (key: string) => ({ headers: { cookie: `${SESSION_COOKIE}=${key}` } });

describe('signedIn', () => {
  it('sends a visitor without a session cookie to the sign-in page', async () => {
    const res = await app().request('/any');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in');
  });

  it('sends a visitor whose key is unknown or revoked to the sign-in page', async () => {
    const res = await app().request('/any', withKey('revoked-key'));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in');
  });

  it('lets a signed-in person through, with their key as the principal', async () => {
    const res = await app().request('/any', withKey('support-key'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('hello k2');
  });

  it('sends a role that is not allowed back to the team page with the refusal as notice', async () => {
    const res = await app().request('/admin-only', { method: 'POST', ...withKey('support-key') });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location') ?? '', 'http://x');
    expect(location.pathname).toBe('/team');
    expect(location.searchParams.get('notice')).toBe('Only an admin can do this');
  });

  it('lets an allowed role run the route', async () => {
    const res = await app().request('/admin-only', { method: 'POST', ...withKey('admin-key') });
    expect(await res.text()).toBe('done by admin');
  });
});
