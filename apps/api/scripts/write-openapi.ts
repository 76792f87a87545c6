// Writes dist/openapi.json at build time so the docs site can render the API reference from
// the same document the server serves at /openapi.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@capture-doctor/api';

const dataDir = mkdtempSync(join(tmpdir(), 'capture-doctor-openapi-'));
const server = await startServer({
  port: 0,
  dataDir,
  demo: false,
  docsDir: null,
  smtp: null,
  log: () => {},
});
try {
  const response = await server.app.request('/openapi.json');
  if (!response.ok) throw new Error(`/openapi.json answered ${response.status}`);
  const out = new URL('../dist/openapi.json', import.meta.url);
  mkdirSync(new URL('../dist/', import.meta.url), { recursive: true });
  writeFileSync(out, `${JSON.stringify(await response.json(), null, 2)}\n`);
  console.log('wrote dist/openapi.json');
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
