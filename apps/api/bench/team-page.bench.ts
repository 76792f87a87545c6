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
  const stored = await api('/v1/companies/demo/snapshots', snapshotOf(members));
  if (stored.status !== 201) throw new Error(`snapshot not stored: ${stored.status}`);
  const evaluated = await api('/v1/companies/demo/evaluations');
  if (evaluated.status !== 201) throw new Error(`not evaluated: ${evaluated.status}`);
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
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
