import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeRequest, type RunningFakeServer, startFakeServer } from './fake-server.js';

let server: RunningFakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function send(
  url: string,
  method: string,
  body?: string,
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('startFakeServer', () => {
  it('answers with the length of its JSON body instead of a chunked transfer', async () => {
    server = await startFakeServer({
      https: false,
      latencyMs: () => 0,
      route: () => ({ status: 201, body: { name: 'Zoë' } }),
    });
    const answer = await send(`${server.url}/x`, 'GET');
    expect(answer.status).toBe(201);
    expect(answer.text).toBe('{"name":"Zoë"}');
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(answer.text)));
    expect(answer.headers['transfer-encoding']).toBeUndefined();
  });

  it('gives the route the path without its query, the parsed target and the body sent', async () => {
    const seen: Array<{ method: string; path: string; page: string | null; body: string }> = [];
    server = await startFakeServer({
      https: false,
      latencyMs: () => 5,
      route: (req: FakeRequest) => {
        seen.push({
          method: req.method,
          path: req.path,
          page: req.url.searchParams.get('page'),
          body: req.body,
        });
        return { status: 200, body: {} };
      },
    });
    await send(`${server.url}/users/a%40b.test/profile?page=2`, 'GET');
    await send(`${server.url}/token`, 'POST', 'grant_type=x');
    expect(seen).toEqual([
      { method: 'GET', path: '/users/a%40b.test/profile', page: '2', body: '' },
      { method: 'POST', path: '/token', page: null, body: 'grant_type=x' },
    ]);
    expect(server.requestCount).toBe(2);
  });

  it('answers 500 when the route throws', async () => {
    server = await startFakeServer({
      https: false,
      latencyMs: () => 0,
      route: () => {
        throw new Error('broken route');
      },
    });
    const answer = await send(`${server.url}/x`, 'GET');
    expect(answer.status).toBe(500);
    expect(answer.text).toContain('broken route');
  });
});
