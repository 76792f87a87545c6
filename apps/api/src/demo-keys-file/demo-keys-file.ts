import { chmodSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DemoKeys } from '../demo-company/demo-company.js';

/**
 * Writes the demo keys to `demo-keys.txt` in the data folder, readable by its owner only, and
 * returns its path. Used instead of printing them when stdout is not a terminal: a log
 * collector must not receive an admin key.
 * @example const file = writeDemoKeysFile('./data', server.demo) // '/srv/data/demo-keys.txt'
 */
export function writeDemoKeysFile(dataDir: string, demo: DemoKeys): string {
  const file = resolve(join(dataDir, 'demo-keys.txt'));
  const lines = [
    `Demo company "${demo.companyId}": its API keys, shown only this once.`,
    `admin       ${demo.keys.admin}`,
    `compliance  ${demo.keys.compliance}`,
    `support     ${demo.keys.support}`,
  ];
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  // The mode above applies only when the file is created; an older file keeps its own.
  chmodSync(file, 0o600);
  return file;
}
