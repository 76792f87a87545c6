// Run as a child process by the sync-run tests: saves progress for some members, says so, then
// waits to be killed with SIGKILL, like a sync job killed mid-way.
import { dirname } from 'node:path';
import { openStore } from '../open-store/open-store.js';
import { testDatabaseUrl } from '../testing/test-database.js';

const [file, key, count] = process.argv.slice(2);
// On PostgreSQL the same schema the test's own store opened (named after the folder).
const databaseUrl = await testDatabaseUrl(dirname(file!));
const store = await openStore({
  file: file!,
  ...(databaseUrl === undefined ? {} : { databaseUrl }),
  encryptionKey: key!,
  env: {},
  logger: { warn: () => {} },
});
const run =
  (await store.syncRuns.resumable('acme')) ??
  (await store.syncRuns.start('acme', { cursor: null }));
const total = Number(count);
for (let i = 0; i < total; i++) {
  await store.syncRuns.saveProgress(run.id, {
    cursor: { next: i + 1 },
    members: [{ memberId: `u${i}`, result: { mailbox: 'ok', index: i } }],
  });
}
process.stdout.write(`saved ${run.id}\n`);
setInterval(() => {}, 1000);
