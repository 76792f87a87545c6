// @internal: used only inside @capture-doctor/store.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { StoreError } from '../store-error/store-error.js';

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Encrypts and decrypts credentials with AES-256-GCM under one key. */
export interface SecretCipher {
  /** A short public fingerprint of the key, safe to log, to tell keys apart. */
  readonly keyId: string;
  /** Encrypts `plain`, bound to `context` (e.g. the credential id) so a ciphertext cannot be moved. */
  encrypt(plain: string, context: string): string;
  /** Decrypts, or throws StoreError `encryption_key_mismatch`; never returns garbage. */
  decrypt(sealed: string, context: string): string;
}

/**
 * The public fingerprint of a key: 16 hex characters of a domain-separated SHA-256.
 * @example keyFingerprint(randomBytes(32)) // "9f3a61c2d04b7e18"
 */
export function keyFingerprint(key: Buffer): string {
  return createHash('sha256')
    .update('capture-doctor encryption key id\0')
    .update(key)
    .digest('hex')
    .slice(0, 16);
}

/**
 * A cipher over a 32-byte key. The sealed form is `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url).
 * @example const sealed = createSecretCipher(key).encrypt('s3cret', 'credential:42');
 */
export function createSecretCipher(key: Buffer): SecretCipher {
  if (key.length !== 32) {
    throw new StoreError(
      'encryption_key_invalid',
      `the encryption key must be 32 bytes, got ${key.length}`,
    );
  }
  const keyId = keyFingerprint(key);
  return {
    keyId,
    encrypt(plain, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [FORMAT, keyId, b64(iv), b64(tag), b64(body)].join('.');
    },
    decrypt(sealed, context) {
      const parts = sealed.split('.');
      const [format, sealedKeyId, iv, tag, body] = parts;
      if (parts.length !== 5 || format !== FORMAT || !iv || !tag || body === undefined) {
        throw new StoreError(
          'stored_data_invalid',
          `the sealed secret for ${context} is malformed`,
        );
      }
      if (sealedKeyId !== keyId) {
        throw mismatch(context, sealedKeyId ?? '?', keyId);
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        const plain = Buffer.concat([
          decipher.update(Buffer.from(body, 'base64url')),
          decipher.final(),
        ]);
        return plain.toString('utf8');
      } catch {
        // GCM authentication failed: the bytes were altered or belong to another record.
        throw new StoreError(
          'encryption_key_mismatch',
          `the secret for ${context} could not be decrypted: it was altered or sealed for another record`,
        );
      }
    },
  };
}

function mismatch(context: string, sealedKeyId: string, currentKeyId: string): StoreError {
  return new StoreError(
    'encryption_key_mismatch',
    `the secret for ${context} was encrypted under key ${sealedKeyId}, but the key in use is ${currentKeyId}: ` +
      'set CAPTURE_DOCTOR_ENCRYPTION_KEY (or the key file) to the key this database was created with',
  );
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64url');
}
