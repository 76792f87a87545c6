// The server side of the API bench, run in its own process so the load generator does not
// share its event loop. Prints one JSON line { url, key } once listening; stops on SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@capture-doctor/api';

const dataDir = mkdtempSync(join(tmpdir(), 'capture-doctor-bench-'));
const server = await startServer({
  port: 0,
  dataDir,
  docsDir: null,
  smtp: null,
  log: () => undefined,
  encryptionKey: Buffer.alloc(32, 1).toString('base64'),
});
console.log(JSON.stringify({ url: server.url, key: server.demo?.keys.admin }));
process.once('SIGTERM', async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
});
