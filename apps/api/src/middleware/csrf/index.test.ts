import { openStore, type Store } from '@capture-doctor/store';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEnv } from '../../api-env/api-env.js';
import { ProblemError, problemResponse } from '../../problem/problem.js';
import {
  startTestServer,
  type TestServer,
  testEncryptionKey,
} from '../../test-support/test-server.js';
import { trustNoProxy } from '../../trust-proxy/trust-proxy.js';
import { loadSession, SESSION_COOKIE } from '../session/index.js';
import { CSRF_FIELD, csrf } from './index.js';

const own = 'http://localhost';
let store: Store;
let sessionId = '';
let token = '';
let changes = 0;

beforeAll(async () => {
  store = await openStore({ file: ':memory:', encryptionKey: testEncryptionKey });
  await store.companies.create({ id: 'acme', name: 'Acme' });
  const { info } = await store.apiKeys.create('acme', { role: 'admin' });
  const { id, session } = await store.sessions.create({
    keyId: info.id,
    companyId: 'acme',
    role: 'admin',
  });
  sessionId = id;
  token = session.csrfToken;
});
afterAll(() => store.close());

function app() {
  const a = new Hono<ApiEnv>();
  a.onError((error, c) =>
    error instanceof ProblemError ? problemResponse(c, error) : c.text('error', 500),
  );
  a.use('*', loadSession(store), csrf({ trust: trustNoProxy }));
  a.post('/change', (c) => {
    changes += 1;
    return c.text('changed');
  });
  return a;
}

async function post(headers: Record<string, string>, form: Record<string, string> = {}) {
  const before = changes;
  const res = await app().request(`${own}/change`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, changed: changes - before };
}

const cookie = () => `${SESSION_COOKIE}=${sessionId}`;

describe('csrf', () => {
  it('refuses a signed-in form from another origin with 403 and changes nothing', async () => {
    for (const origin of ['http://localhost:8812', 'http://evil.example', 'https://localhost']) {
      expect(await post({ cookie: cookie(), origin }, { [CSRF_FIELD]: token })).toEqual({
        status: 403,
        changed: 0,
      });
    }
  });

  it('refuses a cookie-authenticated change that names neither Origin nor Referer', async () => {
    expect(await post({ cookie: cookie() }, { [CSRF_FIELD]: token })).toEqual({
      status: 403,
      changed: 0,
    });
    expect(await post({ cookie: cookie(), origin: 'null' }, { [CSRF_FIELD]: token })).toEqual({
      status: 403,
      changed: 0,
    });
  });

  it('refuses a same-origin form without the session token, or with a wrong one', async () => {
    expect(await post({ cookie: cookie(), origin: own })).toEqual({ status: 403, changed: 0 });
    const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [wrong, `${token}x`, ''])
      expect(await post({ cookie: cookie(), origin: own }, { [CSRF_FIELD]: bad })).toEqual({
        status: 403,
        changed: 0,
      });
  });

  it('accepts a same-origin form with the token, from Origin or, without it, from Referer', async () => {
    expect(await post({ cookie: cookie(), origin: own }, { [CSRF_FIELD]: token })).toEqual({
      status: 200,
      changed: 1,
    });
    expect(
      await post({ cookie: cookie(), referer: `${own}/team?x=1` }, { [CSRF_FIELD]: token }),
    ).toEqual({ status: 200, changed: 1 });
  });

  it('checks the origin of a form without a session too (login CSRF)', async () => {
    expect(await post({ origin: 'http://localhost:8812' }, { key: 'k' })).toEqual({
      status: 403,
      changed: 0,
    });
    expect(await post({}, { key: 'k' })).toEqual({ status: 403, changed: 0 });
    expect(await post({ origin: own }, { key: 'k' })).toEqual({ status: 200, changed: 1 });
  });

  it('leaves API calls with a bearer key alone: another site cannot send that header', async () => {
    const before = changes;
    const res = await app().request(`${own}/change`, {
      method: 'POST',
      headers: { authorization: 'Bearer cdk_x', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect(changes - before).toBe(1);
  });

  it('checks an API call made with the session cookie, whatever its body type', async () => {
    const res = await app().request(`${own}/change`, {
      method: 'POST',
      headers: {
        cookie: cookie(),
        origin: 'http://localhost:8812',
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(res.status).toBe(403);
    const same = await app().request(`${own}/change`, {
      method: 'POST',
      headers: {
        cookie: cookie(),
        origin: own,
        'content-type': 'application/json',
        'x-csrf-token': token,
      },
      body: '{}',
    });
    expect(same.status).toBe(200);
  });
});

describe('csrf over a socket', () => {
  let t: TestServer;
  let key = '';
  beforeAll(async () => {
    t = await startTestServer({ demo: false });
    await t.server.store.companies.create({ id: 'acme', name: 'Acme' });
    key = (await t.server.store.apiKeys.create('acme', { role: 'admin' })).key;
  });
  afterAll(() => t?.close());

  const foreign = () => t.server.url.replace(/:\d+$/, ':8812');
  const send = (path: string, headers: Record<string, string>, form: Record<string, string>) =>
    fetch(`${t.server.url}${path}`, {
      method: 'POST',
      headers,
      body: new URLSearchParams(form),
      redirect: 'manual',
    });

  async function signedIn(): Promise<{ cookie: string; token: string }> {
    const res = await send('/sign-in', { origin: t.server.url }, { key });
    const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
    const page = await (await fetch(`${t.server.url}/team`, { headers: { cookie } })).text();
    return { cookie, token: /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '' };
  }

  it('refuses a sign-in posted from another port (login CSRF): 403 and no session', async () => {
    const res = await send('/sign-in', { origin: foreign() }, { key });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a forced sign-out and a forced evaluation from another port; the session lives on', async () => {
    const { cookie, token } = await signedIn();
    expect(token.length).toBeGreaterThan(20);
    for (const path of ['/sign-out', '/team/evaluate']) {
      const res = await send(path, { cookie, origin: foreign() }, { _csrf: token });
      expect(res.status).toBe(403);
    }
    const after = await fetch(`${t.server.url}/team`, { headers: { cookie } });
    expect(after.status).toBe(200);
    // Had the evaluation run, its outcome would be this page's notice.
    expect(await after.text()).not.toContain('No snapshot to evaluate yet');
    const own = await send('/sign-out', { cookie, origin: t.server.url }, { _csrf: token });
    expect(own.status).toBe(303);
  });
});
