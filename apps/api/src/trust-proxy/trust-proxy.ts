// @internal: a part of the API's own wiring, not used outside apps/api.
import { isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** The environment variable naming the proxies whose forwarded headers the service believes. */
export const TRUST_PROXY_ENV = 'CAPTURE_DOCTOR_TRUST_PROXY';

/** Says whether a peer address is a proxy the operator declared trusted. */
export type TrustProxy = (address: string) => boolean;

/** Trusts no proxy: forwarded headers are ignored, as anyone can send them. */
export const trustNoProxy: TrustProxy = () => false;

/**
 * Reads CAPTURE_DOCTOR_TRUST_PROXY: empty trusts nobody; a comma-separated list of addresses
 * and the word `loopback` (127.0.0.0/8 and ::1) names the proxies in front of the service.
 * @example trustProxyFrom('loopback, 10.0.0.5')('127.0.0.1') // true
 */
export function trustProxyFrom(setting: string | undefined): TrustProxy {
  const entries = (setting ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return trustNoProxy;
  const addresses = new Set<string>();
  let loopback = false;
  for (const entry of entries) {
    if (entry === 'loopback') loopback = true;
    else if (isIP(entry)) addresses.add(plainAddress(entry));
    else
      throw new Error(
        `${TRUST_PROXY_ENV}: "${entry}" is neither an IP address nor "loopback"; list the proxy addresses, comma-separated`,
      );
  }
  return (address) => {
    const plain = plainAddress(address);
    return addresses.has(plain) || (loopback && isLoopback(plain));
  };
}

/** The address of the peer on the socket, or `unknown` for an in-process request. */
export function peerAddress(c: Context): string {
  try {
    return plainAddress(getConnInfo(c).remote.address ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

/**
 * The client's address: the peer on the socket, or, when that peer is a trusted proxy, the
 * nearest untrusted address it forwarded (X-Forwarded-For, else Forwarded `for=`).
 * @example clientAddress(c, trust) // "203.0.113.7"
 */
export function clientAddress(c: Context, trust: TrustProxy): string {
  const peer = peerAddress(c);
  if (!trust(peer)) return peer;
  const chain = forwardedFor(c);
  // Walk back from the nearest hop: the first address no trusted proxy vouches for is the client.
  for (let at = chain.length - 1; at >= 0; at -= 1) {
    const hop = chain[at] ?? '';
    if (!trust(hop)) return hop;
  }
  return chain[0] ?? peer;
}

/**
 * Whether the request reached the service over https: directly, or at a trusted proxy that
 * says so (X-Forwarded-Proto, else Forwarded `proto=`).
 * @example if (reachedOverHttps(c, trust)) cookie.secure = true
 */
export function reachedOverHttps(c: Context, trust: TrustProxy): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  if (!trust(peerAddress(c))) return false;
  const proto =
    c.req.header('x-forwarded-proto')?.split(',')[0] ?? forwardedParams(c, 'proto')[0] ?? 'http';
  return proto.trim().toLowerCase() === 'https';
}

/** The service's own origin as the browser sees it, e.g. `https://capture.example`. */
export function ownOrigin(c: Context, trust: TrustProxy): string {
  const url = new URL(c.req.url);
  const forwardedHost = trust(peerAddress(c))
    ? c.req.header('x-forwarded-host')?.split(',')[0]?.trim()
    : undefined;
  return `${reachedOverHttps(c, trust) ? 'https' : 'http'}://${forwardedHost || url.host}`;
}

function forwardedFor(c: Context): string[] {
  const xff = c.req.header('x-forwarded-for');
  const list = xff ? xff.split(',') : forwardedParams(c, 'for');
  return list.map((entry) => plainAddress(entry.trim())).filter(Boolean);
}

/** The values of one parameter of `Forwarded` (RFC 7239), in hop order. */
function forwardedParams(c: Context, name: 'for' | 'proto'): string[] {
  const header = c.req.header('forwarded');
  if (!header) return [];
  return header.split(',').flatMap((hop) =>
    hop
      .split(';')
      .map((pair) => pair.trim().split('='))
      .filter(([key]) => key?.trim().toLowerCase() === name)
      .map(([, value = '']) => value.trim().replace(/^"|"$/g, '')),
  );
}

/** An address without IPv4-mapped prefix, brackets or port, as a set can compare it. */
function plainAddress(address: string): string {
  let plain = address.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(plain);
  if (bracketed?.[1]) plain = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(plain)) plain = plain.slice(0, plain.lastIndexOf(':'));
  return plain.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
}

function isLoopback(address: string): boolean {
  return address === '::1' || /^127\.\d+\.\d+\.\d+$/.test(address);
}
