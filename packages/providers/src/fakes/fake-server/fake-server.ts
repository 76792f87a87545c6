import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import type { FakeFault, FakeFaultTarget } from '../fake-tenant/fake-tenant.js';

/** A request as the fakes see it. */
export interface FakeRequest {
  method: string;
  /** The path of the request target, still percent-encoded, without its query. */
  path: string;
  /** The whole target, parsed when first read. */
  readonly url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}

/** What a fake route answers; `hold` never answers (a timeout), `reset` drops the connection. */
export type FakeAnswer =
  | { status: number; body: unknown; headers?: Record<string, string>; raw?: false }
  | { status: number; body: string; headers?: Record<string, string>; raw: true }
  | { hold: true }
  | { reset: true };

export interface RunningFakeServer {
  url: string;
  /** PEM certificate the client must trust (HTTPS fakes only). */
  ca: string | undefined;
  /** Requests received since start or the last `resetCount`. */
  readonly requestCount: number;
  resetCount(): void;
  close(): Promise<void>;
}

let sharedCertificate: Promise<{ key: string; cert: string }> | undefined;

/**
 * A TLS certificate for 127.0.0.1 and localhost, made once per process at the first start.
 * @example const { key, cert } = await testCertificate();
 */
export function testCertificate(): Promise<{ key: string; cert: string }> {
  sharedCertificate ??= newTestCertificate();
  return sharedCertificate;
}

/**
 * A fresh TLS (or client) certificate for 127.0.0.1 and localhost.
 * @example const { key, cert } = await newTestCertificate();
 */
export async function newTestCertificate(): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/**
 * Starts a loopback server (127.0.0.1, a free port) that waits `latencyMs` before each answer.
 * @example const server = await startFakeServer({ https: false, latencyMs: () => 0, route: async () => ({ status: 200, body: {} }) });
 */
export async function startFakeServer(options: {
  https: boolean;
  latencyMs: () => number;
  route: (request: FakeRequest) => Promise<FakeAnswer> | FakeAnswer;
}): Promise<RunningFakeServer> {
  let requestCount = 0;
  const held = new Set<ServerResponse>();
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    requestCount++;
    const reply = (body: string) => {
      const answer = async (): Promise<void> => {
        writeAnswer(res, await options.route(fakeRequest(req, body)), held);
      };
      const run = () => {
        answer().catch((error: unknown) => {
          writeAnswer(res, { status: 500, body: { error: String(error) } }, held);
        });
      };
      const latency = options.latencyMs();
      if (latency > 0) setTimeout(run, latency);
      else run();
    };
    // Most calls are GETs without a body: they are answered without listening to the stream,
    // which node:http then drains itself.
    if (
      req.headers['content-length'] === undefined &&
      req.headers['transfer-encoding'] === undefined
    ) {
      reply('');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => reply(Buffer.concat(chunks).toString('utf8')));
  };
  const tls = options.https ? await testCertificate() : undefined;
  const server =
    tls === undefined
      ? createHttpServer({ keepAliveTimeout: 30_000 }, handle)
      : createHttpsServer({ ...tls, keepAliveTimeout: 30_000 }, handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    ca: tls?.cert,
    get requestCount() {
      return requestCount;
    },
    resetCount() {
      requestCount = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of held) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// The URL is parsed only for the routes that read its query: most answers need the path alone.
function fakeRequest(req: IncomingMessage, body: string): FakeRequest {
  const target = req.url ?? '/';
  const query = target.indexOf('?');
  let url: URL | undefined;
  return {
    method: req.method ?? 'GET',
    path: query === -1 ? target : target.slice(0, query),
    get url() {
      url ??= new URL(target, 'http://fake.invalid');
      return url;
    },
    headers: req.headers,
    body,
  };
}

function writeAnswer(res: ServerResponse, answer: FakeAnswer, held: Set<ServerResponse>): void {
  if ('hold' in answer) {
    held.add(res);
    res.on('close', () => held.delete(res));
    return;
  }
  if ('reset' in answer) {
    res.socket?.destroy();
    return;
  }
  const text = answer.raw === true ? answer.body : JSON.stringify(answer.body);
  // A known length sends the answer in one write, where a chunked one takes several.
  res.writeHead(answer.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...answer.headers,
  });
  res.end(text);
}

/**
 * Tracks how many times each fault has struck, so `times` faults stop after their count.
 * @example const faults = new FaultBook(); faults.take('user-1', user.faults, 'mailbox');
 */
export class FaultBook {
  private readonly used = new Map<string, number>();

  /** The fault striking this call of `owner` on `target`, or undefined; counts it as used. */
  take(
    owner: string,
    faults: readonly FakeFault[],
    target: FakeFaultTarget,
  ): FakeFault | undefined {
    if (faults.length === 0) return undefined;
    for (const [index, fault] of faults.entries()) {
      if (fault.on !== target) continue;
      const key = `${owner}\u0000${index}`;
      const used = this.used.get(key) ?? 0;
      if (fault.times !== undefined && used >= fault.times) continue;
      this.used.set(key, used + 1);
      return fault;
    }
    return undefined;
  }
}

/** The JSON body of a fake answer that is cut off mid-way. */
export const MALFORMED_BODY = '{"value": [{"id": "trunc';

/**
 * An unsigned JWT carrying `claims`, as the fakes hand out for access tokens.
 * @example unsignedJwt({ tid: 'tenant', roles: ['Mail.Read'] })
 */
export function unsignedJwt(claims: Record<string, unknown>): string {
  const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${header}.${payload}.fake`;
}
