import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t.close());

describe('the request log cannot be forged', () => {
  it('writes the path as it came, encoded, so %0a cannot start a fake line', async () => {
    const forged = '/v1/x%0d%0a2026-01-01%20GET%20/v1/companies%20200%200.1ms%0a%1b[2J';
    const res = await fetch(`${t.server.url}${forged}`);
    expect(res.status).toBe(404);
    await res.text();
    const line = t.logs.find((l) => l.includes('/v1/x'));
    expect(line).toBe(`GET ${forged} 404 ${line?.split(' ').at(-1)}`);
    for (const l of t.logs) expect(l).not.toMatch(/[\p{Cc}\u2028\u2029]/u);
  });

  it('escapes control characters in any line given to the server log', async () => {
    const bare = await startTestServer({ demo: false });
    try {
      // A DEL and a line separator in the path, sent in-process where no HTTP parser refuses them.
      await (await bare.server.app.request('http://127.0.0.1/v1/\u007fzz\u2028')).text();
    } finally {
      await bare.close();
    }
    expect(bare.logs.length).toBeGreaterThan(0);
    for (const l of bare.logs) expect(l).not.toMatch(/[\p{Cc}\u2028\u2029]/u);
  });
});
