import { describe, expect, it } from 'vitest';
import { isPrivateAddress, webhookUrlRefusal } from './webhook-url.js';

const resolvesTo =
  (...addresses: string[]) =>
  async () =>
    addresses.map((address) => ({ address }));

describe('isPrivateAddress', () => {
  it('knows loopback, private, link-local, unique-local and mapped addresses, IPv4 and IPv6', () => {
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.0.10',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd12:3456::1',
      'fc00::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '[::1]',
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '172.32.0.1']) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });
});

describe('webhookUrlRefusal', () => {
  it('accepts a public address and a host that resolves only to public addresses', async () => {
    expect(
      await webhookUrlRefusal('https://93.184.216.34/hook', { allowPrivate: false }),
    ).toBeNull();
    const lookup = resolvesTo('93.184.216.34', '2606:4700::1111');
    expect(
      await webhookUrlRefusal('https://hooks.example/', { allowPrivate: false, lookup }),
    ).toBeNull();
  });

  it('refuses a host when any of its addresses is private, naming the address', async () => {
    const lookup = resolvesTo('93.184.216.34', '10.1.2.3');
    const refusal = await webhookUrlRefusal('https://sneaky.example/', {
      allowPrivate: false,
      lookup,
    });
    expect(refusal).toContain('10.1.2.3');
    expect(refusal).toContain('sneaky.example resolves to it');
  });

  it('refuses a host that does not resolve, or not in time', async () => {
    const never = () => new Promise<Array<{ address: string }>>(() => {});
    expect(
      await webhookUrlRefusal('https://slow.example/', {
        allowPrivate: false,
        lookup: never,
        timeoutMs: 20,
      }),
    ).toContain('does not resolve');
    const fails = async () => {
      throw new Error('ENOTFOUND');
    };
    expect(
      await webhookUrlRefusal('https://gone.example/', { allowPrivate: false, lookup: fails }),
    ).toContain('does not resolve');
  });

  it('allows private addresses when the operator does, but never another scheme or a password', async () => {
    expect(await webhookUrlRefusal('http://127.0.0.1:9/x', { allowPrivate: true })).toBeNull();
    expect(await webhookUrlRefusal('file:///etc/passwd', { allowPrivate: true })).toContain('http');
    expect(await webhookUrlRefusal('https://u:p@hooks.example/', { allowPrivate: true })).toContain(
      'password',
    );
  });
});
