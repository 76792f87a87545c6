import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStoreError } from '../store-error/store-error.js';
import { createSecretCipher, keyFingerprint } from './secret-cipher.js';

const key = randomBytes(32);

describe('createSecretCipher', () => {
  it('decrypts what it encrypted, for any text', () => {
    const cipher = createSecretCipher(key);
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.string({ minLength: 1 }),
        (secret, context) => {
          expect(cipher.decrypt(cipher.encrypt(secret, context), context)).toBe(secret);
        },
      ),
    );
  });

  it('never shows the secret in the sealed text, and seals the same secret differently each time', () => {
    const cipher = createSecretCipher(key);
    fc.assert(
      fc.property(
        fc.string({ minLength: 8 }).map((s) => `${s}-${randomBytes(6).toString('hex')}`),
        (secret) => {
          const a = cipher.encrypt(secret, 'ctx');
          const b = cipher.encrypt(secret, 'ctx');
          expect(a).not.toContain(secret);
          expect(a).not.toContain(Buffer.from(secret).toString('base64url'));
          expect(a).not.toBe(b);
        },
      ),
    );
  });

  it('refuses to decrypt under another key with an error naming both key ids', () => {
    const sealed = createSecretCipher(key).encrypt('refresh-token-123', 'credential:1');
    const other = createSecretCipher(randomBytes(32));
    expect(() => other.decrypt(sealed, 'credential:1')).toThrow(
      new RegExp(`${keyFingerprint(key)}.*${other.keyId}`),
    );
    try {
      other.decrypt(sealed, 'credential:1');
    } catch (error) {
      expect(isStoreError(error, 'encryption_key_mismatch')).toBe(true);
      expect(String(error)).not.toContain('refresh-token-123');
    }
  });

  it('refuses a sealed secret moved onto another record', () => {
    const cipher = createSecretCipher(key);
    const sealed = cipher.encrypt('client-secret', 'credential:1');
    expect(() => cipher.decrypt(sealed, 'credential:2')).toThrow(/could not be decrypted/);
  });

  it('refuses a sealed secret whose bytes were altered, never returning garbage', () => {
    const cipher = createSecretCipher(key);
    const sealed = cipher.encrypt('client-secret', 'c');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[4]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[4] = body.toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'c')).toThrow(/altered/);
    expect(() => cipher.decrypt('not a sealed secret', 'c')).toThrow(/malformed/);
  });

  it('accepts only 32-byte keys', () => {
    expect(() => createSecretCipher(randomBytes(16))).toThrow(/32 bytes, got 16/);
  });
});
