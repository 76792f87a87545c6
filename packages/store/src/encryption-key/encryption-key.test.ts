import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isStoreError } from '../store-error/store-error.js';
import { tempDir } from '../test-support/test-support.js';
import { decodeKey, ENCRYPTION_KEY_ENV, resolveEncryptionKey } from './encryption-key.js';

const temps: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});
function keyFileIn(): string {
  const t = tempDir();
  temps.push(t.cleanup);
  return join(t.dir, 'data', 'encryption.key');
}
const valid = Buffer.alloc(32, 3).toString('base64');

describe('resolveEncryptionKey', () => {
  it('prefers the environment over the key file', () => {
    const keyFile = keyFileIn();
    const resolved = resolveEncryptionKey({
      env: { [ENCRYPTION_KEY_ENV]: valid },
      keyFile,
      databaseHasKey: false,
      warn: () => {},
    });
    expect(resolved.source).toBe('environment');
    expect(resolved.key.equals(Buffer.alloc(32, 3))).toBe(true);
    expect(existsSync(keyFile)).toBe(false);
  });

  it('generates a key on a first start, saves it with mode 0600 and warns without the key', () => {
    const keyFile = keyFileIn();
    const warnings: string[] = [];
    const resolved = resolveEncryptionKey({
      env: {},
      keyFile,
      databaseHasKey: false,
      warn: (m) => warnings.push(m),
    });
    expect(resolved.source).toBe('generated');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(resolved.key.toString('base64'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(keyFile);
    expect(warnings[0]).not.toContain(resolved.key.toString('base64'));
    const again = resolveEncryptionKey({ env: {}, keyFile, databaseHasKey: true, warn: () => {} });
    expect(again.source).toBe('file');
    expect(again.key.equals(resolved.key)).toBe(true);
  });

  it('refuses a key file that other users can read, saying how to restrict it, never the key', () => {
    const keyFile = keyFileIn();
    const created = resolveEncryptionKey({
      env: {},
      keyFile,
      databaseHasKey: false,
      warn: () => {},
    });
    for (const mode of [0o644, 0o640, 0o604]) {
      chmodSync(keyFile, mode);
      let refusal: unknown;
      try {
        resolveEncryptionKey({ env: {}, keyFile, databaseHasKey: true, warn: () => {} });
      } catch (error) {
        refusal = error;
      }
      expect(isStoreError(refusal, 'encryption_key_invalid')).toBe(true);
      expect(String(refusal)).toContain(`can be read by other users (mode 0${mode.toString(8)})`);
      expect(String(refusal)).toContain(`chmod 600 ${keyFile}`);
      expect(String(refusal)).not.toContain(created.key.toString('base64'));
      expect(String(refusal)).not.toContain('\n');
    }
    chmodSync(keyFile, 0o600);
    const resolved = resolveEncryptionKey({
      env: {},
      keyFile,
      databaseHasKey: true,
      warn: () => {},
    });
    expect(resolved.key.equals(created.key)).toBe(true);
  });

  it('refuses to invent a new key for a database that already holds encrypted data', () => {
    const keyFile = keyFileIn();
    expect(() =>
      resolveEncryptionKey({ env: {}, keyFile, databaseHasKey: true, warn: () => {} }),
    ).toThrow(/not available: set CAPTURE_DOCTOR_ENCRYPTION_KEY or restore the key file/);
    expect(existsSync(keyFile)).toBe(false);
  });

  it('names the variable and the byte count of a key that is too short, never the key', () => {
    const short = Buffer.alloc(16, 1).toString('base64');
    try {
      resolveEncryptionKey({
        env: { [ENCRYPTION_KEY_ENV]: short },
        keyFile: null,
        databaseHasKey: false,
        warn: () => {},
      });
      expect.unreachable();
    } catch (error) {
      expect(isStoreError(error, 'encryption_key_invalid')).toBe(true);
      expect(String(error)).toContain(`${ENCRYPTION_KEY_ENV} decodes to 16 bytes`);
      expect(String(error)).not.toContain(short);
    }
  });

  it('names the key file that holds something other than base64', () => {
    const keyFile = keyFileIn();
    resolveEncryptionKey({ env: {}, keyFile, databaseHasKey: false, warn: () => {} });
    writeFileSync(keyFile, 'not base64 at all!');
    expect(() =>
      resolveEncryptionKey({ env: {}, keyFile, databaseHasKey: true, warn: () => {} }),
    ).toThrow(`the key file ${keyFile} is not base64`);
  });
});

describe('decodeKey', () => {
  it('reads base64 and base64url with surrounding whitespace', () => {
    const bytes = Buffer.alloc(32, 0xfb);
    expect(decodeKey(`  ${bytes.toString('base64')}\n`, 'k').equals(bytes)).toBe(true);
    expect(decodeKey(bytes.toString('base64url'), 'k').equals(bytes)).toBe(true);
  });
});
