import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

let now = Date.parse('2026-11-22T09:00:00Z');
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ clock: () => new Date(now) });
});
afterAll(async () => t.close());

async function microphone(): Promise<string> {
  const res = await t.call('/v1/companies/demo/members/m04');
  return ((await res.json()) as { member: { icons: { microphone: string } } }).member.icons
    .microphone;
}

describe('the latest evaluation as read by the member routes', () => {
  it('gives an acknowledged icon its colour back once the acknowledgement expires, without writing anything', async () => {
    const created = await t.call('/v1/companies/demo/acknowledgements', {
      method: 'POST',
      json: {
        memberId: 'm04',
        ruleId: 'recording-seat-missing',
        reason: 'seat on order',
        expiresAt: '2026-11-22T10:00:00Z',
      },
    });
    expect(created.status).toBe(201);
    expect(await microphone()).toBe('green');
    const evaluations = await t.server.store.evaluations.history('demo', { limit: 100 });

    now = Date.parse('2026-11-22T10:30:00Z');
    expect(await microphone()).toBe('yellow');
    const page = await t.call('/v1/companies/demo/members?color=yellow');
    expect(
      ((await page.json()) as { items: Array<{ id: string }> }).items.map((m) => m.id),
    ).toContain('m04');
    expect(await t.server.store.evaluations.history('demo', { limit: 100 })).toEqual(evaluations);
  });
});

describe("a member's answer and its ETag", () => {
  const member = (id: string, headers: Record<string, string> = {}, key?: string) =>
    t.call(`/v1/companies/demo/members/${id}`, { headers, ...(key ? { key } : {}) });

  it('answers 304 with no body to If-None-Match naming the ETag, and 200 to any other tag', async () => {
    const first = await member('m05');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/json');
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    const body = await first.text();
    expect(JSON.parse(body)).toMatchObject({ member: { id: 'm05' } });

    const same = await member('m05', { 'if-none-match': etag });
    expect(same.status).toBe(304);
    expect(same.headers.get('etag')).toBe(etag);
    expect(await same.text()).toBe('');
    const listed = await member('m05', { 'if-none-match': `"other", W/${etag}` });
    expect(listed.status).toBe(304);
    expect((await member('m05', { 'if-none-match': '*' })).status).toBe(304);

    const other = await member('m05', { 'if-none-match': '"other"' });
    expect(other.status).toBe(200);
    expect(await other.text()).toBe(body);
    // Another member's tag is not this member's.
    const m06 = await member('m06', { 'if-none-match': etag });
    expect(m06.status).toBe(200);
    expect(m06.headers.get('etag')).not.toBe(etag);
  });

  it('changes the ETag when the answer changes within one evaluation (an acknowledgement, then its expiry)', async () => {
    const yellow = await t.call('/v1/companies/demo/members?color=yellow');
    const target = ((await yellow.json()) as { items: Array<{ id: string }> }).items.find(
      (m) => m.id !== 'm04',
    );
    expect(target).toBeDefined();
    const id = target?.id ?? '';
    const before = await member(id);
    const beforeTag = before.headers.get('etag') ?? '';
    const { member: report } = (await before.json()) as {
      member: { findings: Array<{ ruleId: string; color: string }> };
    };
    const finding = report.findings.find((f) => f.color === 'yellow');
    const created = await t.call('/v1/companies/demo/acknowledgements', {
      method: 'POST',
      json: {
        memberId: id,
        ruleId: finding?.ruleId,
        reason: 'on order',
        expiresAt: new Date(now + 30 * 60_000).toISOString(),
      },
    });
    expect(created.status).toBe(201);
    const acknowledged = await member(id, { 'if-none-match': beforeTag });
    expect(acknowledged.status).toBe(200);
    const acknowledgedTag = acknowledged.headers.get('etag') ?? '';
    expect(acknowledgedTag).not.toBe(beforeTag);

    now += 60 * 60_000;
    const expired = await member(id, { 'if-none-match': acknowledgedTag });
    expect(expired.status).toBe(200);
    expect(expired.headers.get('etag')).not.toBe(acknowledgedTag);
  });

  it('sends no ETag to the support role, whose answer carries the raw provider error', async () => {
    const asSupport = await member('m19', { 'if-none-match': '*' }, t.keys.support);
    expect(asSupport.status).toBe(200);
    expect(asSupport.headers.get('etag')).toBeNull();
    expect(await asSupport.json()).toHaveProperty('lastError');
  });
});
