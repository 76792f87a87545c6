// Run as a child process by the resume tests: syncs a company slowly (one member at a time, one
// member per transaction), printing "saved <n>" after each save, until its parent kills it.
import { join } from 'node:path';
import { openStore } from '@capture-doctor/store';
import { runSync } from '../run-sync/run-sync.js';
import { FAST, testClock } from './test-support.js';

const [dir, companyId] = process.argv.slice(2);
const store = await openStore({
  file: join(dir!, 'capture-doctor.sqlite'),
  logger: { warn: () => {} },
  clock: testClock,
});
await runSync({
  store,
  companyId: companyId!,
  clock: testClock,
  tuning: { ...FAST, concurrency: 1 },
  saveBatch: 1,
  onProgress: (event) => {
    if (event.phase === 'reading') process.stdout.write(`saved ${event.done}\n`);
  },
});
process.stdout.write('finished\n');
await store.close();
