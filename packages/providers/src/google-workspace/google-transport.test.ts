import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpsTransport } from '../https-transport/https-transport.js';
import { googleFailures } from './google-errors.js';
import { googleTransporter } from './google-transport.js';

describe('the Google clients’ gaxios over our transport', () => {
  let server: Server;
  let url: string;
  const transport = createHttpsTransport({ timeoutMs: 5_000 });
  const transporter = googleTransporter({ transport, tokenUrl: undefined });

  beforeAll(async () => {
    server = createServer((req, res) => {
      const failed = req.url === '/missing';
      res.writeHead(failed ? 404 : 200, { 'content-type': 'application/json', 'retry-after': '7' });
      res.end(JSON.stringify(failed ? { error: { code: 404, message: 'Not Found' } } : { ok: 1 }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    transport.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('gives a successful answer its status, parsed data, config and headers', async () => {
    const res = await transporter.request<{ ok: number }>({ url: `${url}/found` });
    expect(res).toMatchObject({ status: 200, ok: true, data: { ok: 1 } });
    expect(res.config.url.toString()).toBe(`${url}/found`);
    expect(res.headers.get('retry-after')).toBe('7');
  });

  it('fails with the status, error body and headers the error mapping reads', async () => {
    const failure: unknown = await transporter
      .request({ url: `${url}/missing` })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({
      status: 404,
      response: { status: 404, data: { error: { message: 'Not Found' } } },
    });
    expect(googleFailures.classify(failure, 'gmail.profile')).toMatchObject({
      code: 'user_not_found',
      status: 404,
    });
    expect(googleFailures.retryAfter(failure)).toBe('7');
  });
});
