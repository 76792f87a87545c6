// Times store.evaluations.latest on a 1,000-member report (validated with zod on the way out).
import { openStore } from '../src/index.js';
import { reportFor, snapshotFor } from '../src/test-support/test-support.js';

const store = await openStore({
  file: ':memory:',
  encryptionKey: Buffer.alloc(32, 1).toString('base64'),
  env: {},
});
await store.companies.create({ id: 'acme', name: 'Acme' });
const ids = Array.from({ length: 1000 }, (_, i) => `u${i}`);
const snapshot = await store.snapshots.add('acme', snapshotFor('acme', ids));
const base = reportFor('acme');
const member = base.members[0]!;
const report = {
  ...base,
  members: ids.map((id) => ({ ...member, id, email: `${id}@acme.example` })),
};
await store.evaluations.add('acme', { snapshotId: snapshot.id, report });
const times: number[] = [];
for (let i = 0; i < 50; i++) {
  const start = performance.now();
  await store.evaluations.latest('acme');
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
console.log(
  `evaluations.latest, 1,000 members: p50 ${times[25]!.toFixed(1)} ms, p99 ${times[49]!.toFixed(1)} ms`,
);
await store.close();
