import { join } from 'node:path';
import { DATABASE_URL_ENV, databaseFileIn } from '@capture-doctor/store';

/** Where a command's store is: the data folder's SQLite file, or CAPTURE_DOCTOR_DATABASE_URL. */
export interface StoreLocation {
  file: string;
  databaseUrl?: string;
  keyFile?: string;
}

/**
 * The store `serve` opens, for the other commands to open the same one: PostgreSQL when
 * CAPTURE_DOCTOR_DATABASE_URL is set (the key file, if no key is set, still in the data folder).
 * @example await openStore({ ...storeLocation('./data', process.env), env: process.env })
 */
export function storeLocation(
  dataDir: string,
  env: Record<string, string | undefined>,
): StoreLocation {
  const file = databaseFileIn(dataDir);
  const databaseUrl = env[DATABASE_URL_ENV]?.trim();
  if (!databaseUrl) return { file };
  return { file, databaseUrl, keyFile: join(dataDir, 'encryption.key') };
}
