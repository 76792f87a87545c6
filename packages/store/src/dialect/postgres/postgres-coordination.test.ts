import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../open-store/open-store.js';
import type { StoreChange } from '../../store-changes/store-changes.js';
import { TEST_KEY, tempDir } from '../../test-support/test-support.js';
import { testDatabaseUrl } from '../../testing/test-database.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Two stores on one database, as two processes would open it. */
async function twoProcesses(): Promise<[Store, Store]> {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const databaseUrl = await testDatabaseUrl(t.dir);
  const open = async () => {
    const store = await openStore({
      databaseUrl,
      encryptionKey: TEST_KEY,
      env: {},
      logger: { warn: () => {} },
    });
    cleanups.push(() => store.close());
    return store;
  };
  return [await open(), await open()];
}

function nextChange(store: Store): Promise<StoreChange> {
  return new Promise((resolve) => {
    const stop = store.changes.subscribe((change) => {
      stop();
      resolve(change);
    });
  });
}

describe('processes on one PostgreSQL database', () => {
  it('hear what another published within a second', async () => {
    const [one, two] = await twoProcesses();
    const heard = nextChange(two);
    const started = Date.now();
    await one.changes.publish({ topic: 'api_keys', companyId: 'acme' });
    expect(await heard).toEqual({ topic: 'api_keys', companyId: 'acme' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('hold a named lock one at a time, and a try while it is held does not run', async () => {
    const [one, two] = await twoProcesses();
    const order: string[] = [];
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered = () => {};
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const first = one.withLock('demo', async () => {
      order.push('one in');
      entered();
      await held;
      order.push('one out');
    });
    await inside;
    expect(await two.tryLock('demo', async () => 'ran')).toEqual({ ran: false });
    const second = two.withLock('demo', async () => {
      order.push('two in');
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['one in', 'one out', 'two in']);
    expect(await two.tryLock('demo', async () => 'ran')).toEqual({ ran: true, value: 'ran' });
  });
});
