import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

// A company of exactly one member, its team page read over a socket as a signed-in browser would.
let t: TestServer;
let key = '';
beforeAll(async () => {
  t = await startTestServer({ demo: false });
  await t.server.store.companies.create({ id: 'solo', name: 'Solo' });
  key = (await t.server.store.apiKeys.create('solo', { role: 'admin' })).key;
  const demo = JSON.parse(
    readFileSync(
      fileURLToPath(new URL('../../../demo/demo-snapshot.json', import.meta.url)),
      'utf8',
    ),
  );
  // m17 is red: its finding also makes a company banner, counted over this one member.
  const one = demo.members.filter((m: { id: string }) => m.id === 'm17');
  const snapshot = { ...demo, company: { ...demo.company, id: 'solo' }, members: one };
  const stored = await t.call('/v1/companies/solo/snapshots', {
    method: 'POST',
    json: snapshot,
    key,
  });
  expect(stored.status).toBe(201);
  expect((await t.call('/v1/companies/solo/evaluations', { method: 'POST', key })).status).toBe(
    201,
  );
});
afterAll(async () => t?.close());

async function teamPage(path: string): Promise<string> {
  const signIn = await fetch(`${t.server.url}/sign-in`, {
    method: 'POST',
    body: new URLSearchParams({ key }),
    headers: { origin: t.server.url },
    redirect: 'manual',
  });
  expect(signIn.status).toBe(303);
  const cookie = signIn.headers.get('set-cookie')?.split(';')[0] ?? '';
  const res = await fetch(`${t.server.url}${path}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  // The words a person reads: tags dropped, spaces collapsed.
  return (await res.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

describe('the team page of a company with exactly one member', () => {
  it('says "1 member" and "1 matching member", never "1 members"', async () => {
    const text = await teamPage('/team');
    expect(text).toContain('Google Workspace · 1 member · evaluated');
    expect(text).toContain('Showing 1–1 of 1 matching member (1 in the company)');
    expect(text).not.toMatch(/\b1 members\b/);
    expect(text).not.toMatch(/\(s\)/);
  });

  it('says "0 matching members" when a filter leaves none', async () => {
    const text = await teamPage('/team?color=green');
    expect(text).toContain('of 0 matching members (1 in the company)');
  });
});
