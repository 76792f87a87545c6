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
