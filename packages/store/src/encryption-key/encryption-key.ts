import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  octal,
  openToOthers,
  PRIVATE_FILE_MODE,
  restrictFolder,
} from '../private-files/private-files.js';
import { StoreError } from '../store-error/store-error.js';

/** The environment variable holding the credentials key: 32 bytes in base64. */
export const ENCRYPTION_KEY_ENV = 'CAPTURE_DOCTOR_ENCRYPTION_KEY';

/** Where a key came from; `generated` means a new key was written to the key file. */
export type EncryptionKeySource = 'option' | 'environment' | 'file' | 'generated' | 'ephemeral';

export interface ResolvedEncryptionKey {
  key: Buffer;
  source: EncryptionKeySource;
}

export interface ResolveEncryptionKeyOptions {
  /** A key passed to openStore, base64. Wins over everything else. */
  explicit?: string | undefined;
  env: Record<string, string | undefined>;
  /** The key file beside the database; null for an in-memory database (nothing is written). */
  keyFile: string | null;
  /** True when the database already holds data sealed under some key: never invent a new one. */
  databaseHasKey: boolean;
  warn: (message: string) => void;
}

/**
 * Finds the credentials key: option, then environment, then the key file; on a first start with
 * none, generates one, saves it (mode 0600) and warns. The key itself is never logged.
 * @example resolveEncryptionKey({ env: process.env, keyFile: 'data/encryption.key', databaseHasKey: false, warn })
 */
export function resolveEncryptionKey(options: ResolveEncryptionKeyOptions): ResolvedEncryptionKey {
  if (options.explicit !== undefined) {
    return { key: decodeKey(options.explicit, 'the encryptionKey option'), source: 'option' };
  }
  const fromEnv = options.env[ENCRYPTION_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    return { key: decodeKey(fromEnv, ENCRYPTION_KEY_ENV), source: 'environment' };
  }
  const file = options.keyFile;
  if (file !== null && existsSync(file)) return readKeyFile(file);
  if (options.databaseHasKey) {
    throw new StoreError(
      'encryption_key_mismatch',
      `this database holds credentials encrypted under a key that is not available: set ${ENCRYPTION_KEY_ENV}` +
        (file === null ? '' : ` or restore the key file ${file}`),
    );
  }
  const key = randomBytes(32);
  if (file === null) {
    options.warn(
      `no ${ENCRYPTION_KEY_ENV} set: credentials of this in-memory store are encrypted under a throwaway key`,
    );
    return { key, source: 'ephemeral' };
  }
  // A folder of its own is made private; an existing one chosen for the key is left as it is.
  if (!existsSync(dirname(file))) restrictFolder(dirname(file), options.warn);
  try {
    // `wx` refuses to overwrite a key another process wrote in the meantime: then use that one.
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKeyFile(file);
    throw error;
  }
  chmodSync(file, PRIVATE_FILE_MODE);
  options.warn(
    `no ${ENCRYPTION_KEY_ENV} set: generated a new credentials key and saved it to ${file} (mode 0600). ` +
      `Back it up, or move it into ${ENCRYPTION_KEY_ENV}: without it the stored credentials cannot be read.`,
  );
  return { key, source: 'generated' };
}

// A key others could read protects nothing: refuse it rather than go on and say so in a log.
function readKeyFile(file: string): ResolvedEncryptionKey {
  const { mode } = statSync(file);
  if (openToOthers(mode)) {
    throw new StoreError(
      'encryption_key_invalid',
      `the key file ${file} can be read by other users (mode ${octal(mode)}): ` +
        `restrict it with \`chmod 600 ${file}\` and start again`,
    );
  }
  return { key: decodeKey(readFileSync(file, 'utf8'), `the key file ${file}`), source: 'file' };
}

/**
 * Decodes a base64 (or base64url) key and checks it is 32 bytes, naming where it came from.
 * @example decodeKey(process.env.CAPTURE_DOCTOR_ENCRYPTION_KEY ?? '', 'CAPTURE_DOCTOR_ENCRYPTION_KEY')
 */
export function decodeKey(text: string, from: string): Buffer {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    throw new StoreError(
      'encryption_key_invalid',
      `${from} is not base64: expected 32 random bytes in base64 (make one with \`openssl rand -base64 32\`)`,
    );
  }
  const key = Buffer.from(
    trimmed,
    trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64',
  );
  if (key.length !== 32) {
    throw new StoreError(
      'encryption_key_invalid',
      `${from} decodes to ${key.length} bytes; AES-256 needs exactly 32: use the key this data was created with, ` +
        'or make a new one with `openssl rand -base64 32`',
    );
  }
  return key;
}
