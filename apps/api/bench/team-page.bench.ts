// The team page at 10,000 members: the size and time of the first page, a later page and a
// search, through the real server over a socket, signed in like a browser. Prints KB and ms.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../src/start-server/start-server.js';

const members = Number(process.env.BENCH_TEAM_MEMBERS ?? 10_000);
const rounds = 5;

function snapshotOf(count: number): string {
  const demo = JSON.parse(
    readFileSync(fileURLToPath(new URL('../demo/demo-snapshot.json', import.meta.url)), 'utf8'),
  );
  const list = Array.from({ length: count }, (_, i) => {
    const template = demo.members[i % demo.members.length];
    const id = `t${String(i).padStart(5, '0')}`;
    return { ...template, id, email: `${id}@northwind.example`, name: `Member ${i}` };
  });
  return JSON.stringify({ ...demo, company: { ...demo.company, id: 'demo' }, members: list });
}

const exportMembers = Number(process.env.BENCH_EXPORT_MEMBERS ?? 100_000);
type Api = (path: string, body?: string) => Promise<Response>;

// Stored through the store, not POSTed: a 100,000-member snapshot is past the API's body limit.
async function storeAndEvaluate(api: Api, count: number): Promise<void> {
  await server.store.snapshots.add('demo', JSON.parse(snapshotOf(count)));
  // Storing a big snapshot keeps this process busy past the server's keep-alive timeout: the
  // client's idle connection may be closed under it, and a POST is not retried on its own.
  const evaluated = await api('/v1/companies/demo/evaluations').catch(() =>
    api('/v1/companies/demo/evaluations'),
  );
  if (evaluated.status !== 201) throw new Error(`not evaluated: ${evaluated.status}`);
}

function median(times: number[]): number {
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

// Pages of 100 from a stored evaluation of exportMembers members: the first and one deep in.
async function membersPages(api: Api, key: string): Promise<void> {
  await storeAndEvaluate(api, exportMembers);
  const get = async (path: string) => {
    const res = await fetch(`${server.url}${path}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    return (await res.json()) as { items: unknown[]; nextCursor?: string };
  };
  let deep = await get('/v1/companies/demo/members?limit=500');
  for (let i = 0; i < 50 && deep.nextCursor; i++) {
    deep = await get(`/v1/companies/demo/members?limit=500&cursor=${deep.nextCursor}`);
  }
  const paths = ['/v1/companies/demo/members?limit=100'];
  if (deep.nextCursor) paths.push(`/v1/companies/demo/members?limit=100&cursor=${deep.nextCursor}`);
  console.log(`members page of 100 of ${exportMembers.toLocaleString('en')} (median of ${rounds})`);
  for (const path of paths) {
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      const page = await get(path);
      if (page.items.length !== 100) throw new Error(`${path}: ${page.items.length} members`);
      times.push(performance.now() - started);
    }
    console.log(
      `  ${path.includes('cursor') ? 'page 251' : 'page 1  '} ${median(times).toFixed(1).padStart(7)} ms`,
    );
  }
}

// The export read as it streams, the RSS and heap used sampled meanwhile, over a warm server: the
// evaluation is already in the server's cache (as it is for any company someone looks at; paging
// needs it too) and one export of it has run, so V8 has already sized its heap for an export's
// short-lived rows. What is left is what the export itself holds: flat in the number of members,
// as it makes each row as it writes it, a page of 500 members at a time, and waits while the
// client is slower. Heap used rises and falls with the young generation's garbage between
// collections, so its peak says how much an export held at most, whatever its length.
async function exportPeaks(key: string): Promise<string> {
  const headers = { authorization: `Bearer ${key}` };
  const csv = async () => {
    const res = await fetch(`${server.url}/v1/companies/demo/members?format=csv`, { headers });
    let bytes = 0;
    for await (const chunk of res.body!) bytes += chunk.byteLength;
    return bytes;
  };
  await (await fetch(`${server.url}/v1/companies/demo/members?limit=1`, { headers })).text();
  await csv();
  globalThis.gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  }, 5);
  const started = performance.now();
  const bytes = await csv();
  clearInterval(sampler);
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  return `${mb(bytes).padStart(6)} MB of CSV in ${(performance.now() - started).toFixed(0).padStart(5)} ms, peak RSS +${mb(peakRss - before.rss).padStart(5)} MB, peak heap used +${mb(peakHeap - before.heapUsed).padStart(5)} MB`;
}

const dataDir = mkdtempSync(join(tmpdir(), 'capture-doctor-team-bench-'));
const server = await startServer({ port: 0, dataDir, docsDir: null, smtp: null, log: () => {} });
try {
  const key = server.demo?.keys.admin ?? '';
  const api = (path: string, body?: string) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body ? { body } : {}),
    });
  await storeAndEvaluate(api, members);
  const signIn = await fetch(`${server.url}/sign-in`, {
    method: 'POST',
    body: new URLSearchParams({ key }),
    headers: { origin: server.url },
    redirect: 'manual',
  });
  const cookie = signIn.headers.get('set-cookie')?.split(';')[0] ?? '';
  console.log(`team page, ${members.toLocaleString('en')} members (median of ${rounds})`);
  for (const path of ['/team', '/team?page=50', '/team?q=Member%209999', '/team?color=red']) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
      bytes = (await res.arrayBuffer()).byteLength;
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(rounds / 2)] ?? 0;
    console.log(
      `  ${path.padEnd(24)} ${(bytes / 1024).toFixed(1).padStart(7)} KB ${median.toFixed(0).padStart(6)} ms`,
    );
  }
  await membersPages(api, key);
  console.log(
    `members CSV export from a stored evaluation, warm server (evaluation cached, one export run before${globalThis.gc ? ', then a full collection' : ''}): peaks above the RSS and heap used before it`,
  );
  for (const size of [exportMembers / 4, exportMembers / 2, exportMembers].map(Math.round)) {
    await storeAndEvaluate(api, size);
    console.log(`  ${size.toLocaleString('en').padStart(7)} members ${await exportPeaks(key)}`);
  }
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
