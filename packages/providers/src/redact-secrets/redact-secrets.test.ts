import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact-secrets.js';

describe('redactSecrets', () => {
  it('removes a known secret value wherever it appears', () => {
    expect(redactSecrets('secret abcd1234 was wrong (abcd1234)', ['abcd1234'])).toBe(
      'secret [redacted] was wrong ([redacted])',
    );
  });

  it('removes private keys, bearer tokens, JWTs and token form fields', () => {
    const text = [
      '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----',
      'Authorization: Bearer ya29.a0AfB',
      'eyJhbGciOi.eyJzdWIiOi.c2ln',
      'client_secret=hunter22&grant_type=x',
      '"refresh_token":"1//0gabc"',
    ].join(' ');
    const clean = redactSecrets(text);
    for (const leaked of ['MIIE', 'ya29', 'eyJzdWIiOi', 'hunter22', '1//0gabc']) {
      expect(clean).not.toContain(leaked);
    }
    expect(clean).toContain('grant_type=x');
  });

  it('never leaves a known secret in any surrounding text', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.stringMatching(/^[0-9a-f]{8,32}$/),
        fc.string(),
        (before, secret, after) => {
          expect(redactSecrets(`${before}${secret}${after}`, [secret])).not.toContain(secret);
        },
      ),
    );
  });
});
