// Run as a child process by the resume tests: syncs a company, printing "saved <n>" after each
// save, until its parent kills it. By default slowly (one member at a time, one member per
// transaction); with a third argument "full", as a real sync runs (default tuning and batches).
import { join } from 'node:path';
import { openStore } from '@capture-doctor/store';
import { testDatabaseUrl } from '@capture-doctor/store/testing';
import { runSync } from '../run-sync/run-sync.js';
import { FAST, testClock } from './test-support.js';

const [dir, companyId, pace] = process.argv.slice(2);
const slow = pace !== 'full';
const file = join(dir!, 'capture-doctor.sqlite');
// On PostgreSQL the schema the test's own store opened (named after the same file).
const databaseUrl = await testDatabaseUrl(file);
const store = await openStore({
  file,
  ...(databaseUrl === undefined ? {} : { databaseUrl }),
  logger: { warn: () => {} },
  clock: testClock,
});
await runSync({
  store,
  companyId: companyId!,
  clock: testClock,
  tuning: slow ? { ...FAST, concurrency: 1 } : { timeoutMs: 30_000 },
  saveBatch: slow ? 1 : undefined,
  onProgress: (event) => {
    if (event.phase === 'reading') process.stdout.write(`saved ${event.done}\n`);
  },
});
process.stdout.write('finished\n');
await store.close();
