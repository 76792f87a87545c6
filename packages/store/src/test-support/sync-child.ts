// Run as a child process by the sync-run tests: saves progress for some members, says so, then
// waits to be killed with SIGKILL, like a sync job killed mid-way.
import { openStore } from '../open-store/open-store.js';

const [file, key, count] = process.argv.slice(2);
const store = await openStore({
  file: file!,
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
