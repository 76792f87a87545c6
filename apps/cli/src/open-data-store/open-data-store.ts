import { existsSync } from 'node:fs';
import { openStore, type Store } from '@capture-doctor/store';
import type { CliIo } from '../run-cli/run-cli.js';
import { storeLocation } from '../store-location/store-location.js';

/**
 * Opens the store `serve` uses (the data folder's SQLite file, or CAPTURE_DOCTOR_DATABASE_URL)
 * for a command that works offline on it, or returns the sentence saying where it looked:
 * opening a missing SQLite file would create an empty store.
 * @example const opened = await openDataStore('./data', io, 'keys'); if (typeof opened === 'string') io.stderr(opened)
 */
export async function openDataStore(
  dataDir: string,
  io: CliIo,
  command: string,
): Promise<Store | string> {
  const location = storeLocation(dataDir, io.env);
  if (location.databaseUrl === undefined && !existsSync(location.file)) {
    return `capture-doctor ${command}: no store at ${location.file}; start \`capture-doctor serve\` once, or pass --data <folder>\n`;
  }
  return openStore({
    ...location,
    env: io.env,
    logger: { warn: (message) => io.stderr(`warning: ${message}\n`) },
  });
}
