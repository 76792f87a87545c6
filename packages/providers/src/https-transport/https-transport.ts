// @internal: the adapters' own HTTP client (keep-alive pool, timeout, extra CA).
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';

// Google's client libraries ask for gzip: its answers come compressed.
const DECODERS: Readonly<Record<string, (data: Buffer) => Promise<Buffer>>> = {
  gzip: promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
};

/** A plain answer from the wire. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** Sends HTTP requests over kept-alive connections, trusting an extra CA when given. */
export interface HttpsTransport {
  /** A URL object is used as given (the Google adapter's gaxios has parsed it already). */
  send(
    url: string | URL,
    init: { method: string; headers?: Record<string, string>; body?: string | undefined },
  ): Promise<WireResponse>;
  close(): void;
}

/**
 * A transport with its own connection pool, a per-request timeout and an optional trusted CA.
 * @example const transport = createHttpsTransport({ ca: fake.ca, timeoutMs: 5_000 });
 */
export function createHttpsTransport(options: {
  ca?: string | undefined;
  timeoutMs: number;
  maxSockets?: number;
}): HttpsTransport {
  const maxSockets = options.maxSockets ?? 64;
  const httpsAgent = new HttpsAgent({
    keepAlive: true,
    maxSockets,
    ...(options.ca === undefined ? {} : { ca: options.ca }),
  });
  const httpAgent = new HttpAgent({ keepAlive: true, maxSockets });
  return {
    send: (url, init) =>
      new Promise<WireResponse>((resolve, reject) => {
        const target = typeof url === 'string' ? new URL(url) : url;
        const secure = target.protocol === 'https:';
        const send = secure ? httpsRequest : httpRequest;
        const req = send(
          target,
          {
            method: init.method,
            headers: init.headers ?? {},
            agent: secure ? httpsAgent : httpAgent,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('error', reject);
            res.on('end', () => {
              const headers: Record<string, string> = {};
              for (const [name, value] of Object.entries(res.headers)) {
                if (value !== undefined)
                  headers[name] = Array.isArray(value) ? value.join(', ') : value;
              }
              const decode = DECODERS[headers['content-encoding']?.trim().toLowerCase() ?? ''];
              const raw = Buffer.concat(chunks);
              // The text is given decoded: its encoding and length no longer describe it.
              if (decode !== undefined) {
                delete headers['content-encoding'];
                delete headers['content-length'];
              }
              (decode === undefined ? Promise.resolve(raw) : decode(raw)).then(
                (body) =>
                  resolve({ status: res.statusCode ?? 0, headers, text: body.toString('utf8') }),
                reject,
              );
            });
          },
        );
        req.setTimeout(options.timeoutMs, () => {
          req.destroy(
            Object.assign(
              new Error(`no answer from ${target.host} within ${options.timeoutMs} ms`),
              { code: 'ETIMEDOUT' },
            ),
          );
        });
        req.on('error', reject);
        // Sent whole with end(): a Content-Length, not chunks.
        req.end(init.body);
      }),
    close: () => {
      httpsAgent.destroy();
      httpAgent.destroy();
    },
  };
}
