import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpsTransport } from './https-transport.js';

const ANSWER = JSON.stringify({ items: [{ summary: 'Daily stand-up' }] });
const ENCODERS: Record<string, (data: Buffer) => Buffer> = {
  gzip: gzipSync,
  deflate: deflateSync,
  br: brotliCompressSync,
};

describe('the adapters’ HTTP transport', () => {
  let server: Server;
  let url: string;
  const seen: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const transport = createHttpsTransport({ timeoutMs: 5_000 });

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += String(chunk);
      seen.push({ headers: req.headers, body });
      const encoding = req.headers['accept-encoding'] ?? '';
      const encode = ENCODERS[encoding];
      res.writeHead(200, {
        'content-type': 'application/json',
        ...(encode === undefined ? {} : { 'content-encoding': encoding }),
      });
      res.end(encode === undefined ? ANSWER : encode(Buffer.from(ANSWER)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    transport.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it.each(Object.keys(ENCODERS))(
    'gives a %s-compressed answer decoded, without its encoding',
    async (encoding) => {
      const answer = await transport.send(url, {
        method: 'GET',
        headers: { 'accept-encoding': encoding },
      });
      expect(answer.text).toBe(ANSWER);
      expect(answer.headers['content-encoding']).toBeUndefined();
      expect(answer.headers['content-type']).toBe('application/json');
    },
  );

  it('gives a plain answer as it came', async () => {
    const answer = await transport.send(url, { method: 'GET' });
    expect(answer).toMatchObject({ status: 200, text: ANSWER });
  });

  it('sends a body whole, with its length rather than in chunks', async () => {
    const body = 'grant_type=urn%3Aietf&assertion=a.b.c';
    await transport.send(url, { method: 'POST', body });
    const sent = seen.at(-1);
    expect(sent?.body).toBe(body);
    expect(sent?.headers['content-length']).toBe(String(body.length));
    expect(sent?.headers['transfer-encoding']).toBeUndefined();
  });
});
