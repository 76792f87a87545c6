import { existsSync } from 'node:fs';
import { databaseFileIn, openStore, type Store } from '@capture-doctor/store';
import type { CliIo } from '../run-cli/run-cli.js';

/**
 * Opens the SQLite store under `dataDir` for a command that works offline on it, or returns
 * the sentence saying where it looked: opening a missing file would create an empty store.
 * @example const opened = await openDataStore('./data', io, 'keys'); if (typeof opened === 'string') io.stderr(opened)
 */
export async function openDataStore(
  dataDir: string,
  io: CliIo,
  command: string,
): Promise<Store | string> {
  const file = databaseFileIn(dataDir);
  if (!existsSync(file)) {
    return `capture-doctor ${command}: no store at ${file}; start \`capture-doctor serve\` once, or pass --data <folder>\n`;
  }
  return openStore({
    file,
    env: io.env,
    logger: { warn: (message) => io.stderr(`warning: ${message}\n`) },
  });
}
