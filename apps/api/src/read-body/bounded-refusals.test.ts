import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { watchHealth } from '../test-support/watch-health.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t.close());

const unknownKeys = (n: number) =>
  JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 1])));

/** A request over the socket, with how long it took and the size of the answer. */
async function send(path: string, init: RequestInit = {}) {
  const started = performance.now();
  const res = await fetch(`${t.server.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${t.keys.support}`, 'content-type': 'application/json' },
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    bytes: Buffer.byteLength(text),
    ms: performance.now() - started,
  };
}

interface Problem {
  field: string;
  errors: Array<{ field: string; message: string }>;
}

describe('refusals stay small whatever the request', () => {
  it('answers a body of 300,000 unknown keys with a small 400 in well under a second while /healthz answers', async () => {
    const body = unknownKeys(300_000);
    const watch = watchHealth(t.server.url);
    await new Promise((resolve) => setTimeout(resolve, 60));
    const answer = await send('/v1/evaluate', { method: 'POST', body });
    await new Promise((resolve) => setTimeout(resolve, 60));
    const health = await watch.stop();
    expect(answer.status).toBe(400);
    expect(answer.bytes).toBeLessThan(100_000);
    expect(answer.ms).toBeLessThan(1_000);
    expect((JSON.parse(answer.text) as Problem).field).toBe('(root)');
    expect(health.failures).toBe(0);
    expect(health.polls).toBeGreaterThan(2);
    expect(health.loopMaxMs).toBeLessThan(500);
  });

  it('names 9,000 unknown keys once, the first as the field and the rest counted', async () => {
    const answer = await send('/v1/evaluate', { method: 'POST', body: unknownKeys(9_000) });
    expect(answer.status).toBe(400);
    expect(answer.bytes).toBeLessThan(100_000);
    const problem = JSON.parse(answer.text) as Problem;
    const unknown = problem.errors.filter((e) => e.message.startsWith('unknown keys'));
    expect(unknown).toHaveLength(1);
    expect(unknown[0]?.field).toBe('k0');
    expect(unknown[0]?.message).toMatch(/"k0", "k1", .* and [\d,]+ more$/);
    expect(problem.errors.length).toBeLessThanOrEqual(31);
  });

  it('answers a query string of 1,900 unknown keys with a small 400 naming the first', async () => {
    const query = Array.from({ length: 1_900 }, (_, i) => `q${i}=1`).join('&');
    const answer = await send(`/v1/companies/demo/evaluations?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.bytes).toBeLessThan(10_000);
    expect((JSON.parse(answer.text) as Problem).field).toBe('query:q0');
  });

  it('refuses JSON nested deeper than 64 levels and an array of more than 100,000 items, naming the place', async () => {
    const deep = await send('/v1/evaluate', {
      method: 'POST',
      body: `{"company":${'['.repeat(200_000)}${']'.repeat(200_000)}}`,
    });
    expect(deep.status).toBe(400);
    expect(JSON.parse(deep.text)).toMatchObject({
      field: `company${'[0]'.repeat(63)}`,
      detail: expect.stringContaining('nested deeper than 64 levels'),
    });
    const long = await send('/v1/evaluate', {
      method: 'POST',
      body: JSON.stringify({ version: 1, members: Array.from({ length: 100_001 }, () => 0) }),
    });
    expect(long.status).toBe(400);
    expect(JSON.parse(long.text)).toMatchObject({
      field: 'members',
      detail: 'members: an array of more than 100,000 items',
    });
  });
});
