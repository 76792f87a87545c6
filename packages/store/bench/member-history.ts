// One member's colour history at 25 stored 10,000-member evaluations: the way the API reads it
// before issue 11 (every full report and its snapshot, as apps/api memberHistory does) against
// evaluations.memberHistory (the member's own indexed rows).
import { openStore } from '../src/index.js';
import { reportFor, snapshotFor, tempDir } from '../src/test-support/test-support.js';

const MEMBERS = 10_000;
const EVALUATIONS = 25;
const MEMBER = 'u5000';

const temp = tempDir();
const store = await openStore({
  file: `${temp.dir}/capture-doctor.sqlite`,
  encryptionKey: Buffer.alloc(32, 1).toString('base64'),
  env: {},
});
await store.companies.create({ id: 'acme', name: 'Acme' });
const ids = Array.from({ length: MEMBERS }, (_, i) => `u${i}`);
const snapshot = await store.snapshots.add('acme', snapshotFor('acme', ids));
const base = reportFor('acme');
const member = base.members[0]!;
// Four findings per member: about the 19 MB a 10,000-member report weighs in the field.
const findings = [0, 1, 2, 3].map((n) => ({ ...member.findings[0]!, ruleId: `rule-${n}` }));
const report = {
  ...base,
  members: ids.map((id) => ({ ...member, id, email: `${id}@acme.example`, findings })),
};
console.log(`report: ${(JSON.stringify(report).length / 1e6).toFixed(1)} MB`);
let adding = 0;
for (let i = 0; i < EVALUATIONS; i++) {
  const start = performance.now();
  await store.evaluations.add('acme', { snapshotId: snapshot.id, report });
  adding += performance.now() - start;
}
console.log(
  `evaluations.add, ${MEMBERS} members (report and icon rows): mean ${(adding / EVALUATIONS).toFixed(0)} ms`,
);

// What apps/api's memberHistory does today for GET .../members/{id}/history?limit=50.
async function historyFromReports() {
  const entries = await store.evaluations.history('acme', { limit: 50 });
  const history = [];
  for (const entry of entries) {
    const found = await store.evaluations.byId('acme', entry.id);
    const icons = found?.report.members.find((m) => m.id === MEMBER)?.icons ?? null;
    const taken = await store.snapshots.byId('acme', entry.snapshotId);
    history.push({
      evaluationId: entry.id,
      createdAt: entry.createdAt,
      takenAt: taken?.takenAt ?? null,
      icons,
    });
  }
  return history;
}

async function time(label: string, runs: number, read: () => Promise<unknown[]>) {
  const times: number[] = [];
  let entries = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    entries = (await read()).length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor(runs / 2)]!;
  console.log(
    `${label}: ${entries} entries, p50 ${p50.toFixed(1)} ms, max ${times[runs - 1]!.toFixed(1)} ms (${runs} runs)`,
  );
}

await time('before, full reports (as the API reads today)', 3, historyFromReports);
await time('after, evaluations.memberHistory', 50, () =>
  store.evaluations.memberHistory('acme', MEMBER, { limit: 50 }),
);
await store.close();
temp.cleanup();
