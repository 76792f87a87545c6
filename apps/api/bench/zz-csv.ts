import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';
import { startServer } from '../src/start-server/start-server.js';

const n = Number(process.env.N ?? 100000);
const server = await startServer({
  port: 0,
  dataDir: mkdtempSync(join(tmpdir(), 'cd-csv-')),
  docsDir: null,
  smtp: null,
  log: () => {},
});
const key = server.demo?.keys.admin ?? '';
const headers = { authorization: `Bearer ${key}` };
const demo = JSON.parse(readFileSync('demo/demo-snapshot.json', 'utf8'));
const list = Array.from({ length: n }, (_, i) => {
  const t = demo.members[i % demo.members.length];
  const id = `t${String(i).padStart(6, '0')}`;
  return { ...t, id, email: `${id}@northwind.example`, name: `Member ${i}` };
});
await server.store.snapshots.add('demo', {
  ...demo,
  company: { ...demo.company, id: 'demo' },
  members: list,
});
const ev = await fetch(`${server.url}/v1/companies/demo/evaluations`, { method: 'POST', headers });
console.log('evaluated', ev.status);
await (await fetch(`${server.url}/v1/companies/demo/members?limit=1`, { headers })).text();
const mb = (x: number) => (x / 1048576).toFixed(1);
const spaces = () =>
  Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, mb(s.space_size)]));
for (let round = 0; round < 3; round++) {
  globalThis.gc?.();
  const before = process.memoryUsage();
  let peak = before.rss;
  let peakHeap = before.heapTotal;
  let peakExt = before.external + before.arrayBuffers;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    peakHeap = Math.max(peakHeap, m.heapTotal);
    peakExt = Math.max(peakExt, m.external + m.arrayBuffers);
  }, 5);
  const res = await fetch(`${server.url}/v1/companies/demo/members?format=csv`, { headers });
  let bytes = 0;
  for await (const chunk of res.body!) bytes += chunk.byteLength;
  clearInterval(sampler);
  console.log(
    `round ${round}: ${mb(bytes)} MB csv; rss +${mb(peak - before.rss)} heapTotal +${mb(peakHeap - before.heapTotal)} ext+ab +${mb(peakExt - before.external - before.arrayBuffers)}`,
    JSON.stringify(spaces()),
  );
}
await server.close();
process.exit(0);
