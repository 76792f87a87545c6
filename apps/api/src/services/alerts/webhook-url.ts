import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Set to `1` to allow webhook endpoints on private, loopback and link-local addresses. */
export const ALLOW_PRIVATE_WEBHOOKS_ENV = 'CAPTURE_DOCTOR_ALLOW_PRIVATE_WEBHOOKS';

/** Resolves a host name to every address it has (node's dns.lookup with `all`). */
export type HostLookup = (host: string) => Promise<Array<{ address: string }>>;

/** How a URL is checked: whether private addresses are allowed, and how names resolve. */
export interface WebhookUrlCheck {
  allowPrivate?: boolean;
  lookup?: HostLookup;
  /** how long a name may take to resolve; default 2 s */
  timeoutMs?: number;
}

// Addresses a webhook must not reach from the server: they name the server itself or the
// network behind it (SSRF), not a receiver on the internet.
const refused = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  refused.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  refused.addSubnet(network, prefix, 'ipv6');
}

/**
 * Whether an address is private, loopback, link-local, unique-local, multicast or unspecified;
 * an IPv4 address written as IPv6 (`::ffff:127.0.0.1`) is judged as the IPv4 address.
 * @example isPrivateAddress('::1') // true
 */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1];
  if (mapped !== undefined) return refused.check(mapped, 'ipv4');
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(bare);
  if (mappedHex) {
    const high = Number.parseInt(mappedHex[1]!, 16);
    const low = Number.parseInt(mappedHex[2]!, 16);
    return refused.check(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`, 'ipv4');
  }
  const family = isIP(bare);
  if (family === 4) return refused.check(bare, 'ipv4');
  if (family === 6) return refused.check(bare, 'ipv6');
  return true;
}

/**
 * Why a webhook URL may not be used, or null when it may: it must be http(s) and, unless
 * private addresses are allowed, every address its host resolves to must be public. Checked
 * when an endpoint is saved and again before each delivery, since DNS answers change.
 * @example await webhookUrlRefusal('http://10.0.0.1/hook') // 'the address 10.0.0.1 is private ...'
 */
export async function webhookUrlRefusal(
  url: string,
  check: WebhookUrlCheck = {},
): Promise<string | null> {
  const parsed = URL.parse(url);
  if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    return 'the URL must be an http:// or https:// address';
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return 'the URL must not carry a user name or password';
  }
  if (check.allowPrivate ?? process.env[ALLOW_PRIVATE_WEBHOOKS_ENV] === '1') return null;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : await resolve(host, check);
  if (addresses === null) return `the host ${host} does not resolve`;
  const bad = addresses.find((address) => isPrivateAddress(address));
  if (bad === undefined) return null;
  const via = bad === host ? '' : ` (${host} resolves to it)`;
  return `the address ${bad}${via} is private, loopback or link-local; set ${ALLOW_PRIVATE_WEBHOOKS_ENV}=1 to allow it`;
}

async function resolve(host: string, check: WebhookUrlCheck): Promise<string[] | null> {
  const lookup: HostLookup = check.lookup ?? ((name) => dnsLookup(name, { all: true }));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((done) => {
    timer = setTimeout(() => done(null), check.timeoutMs ?? 2000);
  });
  try {
    const found = await Promise.race([lookup(host).catch(() => null), timeout]);
    return found === null || found.length === 0 ? null : found.map((entry) => entry.address);
  } finally {
    clearTimeout(timer);
  }
}
