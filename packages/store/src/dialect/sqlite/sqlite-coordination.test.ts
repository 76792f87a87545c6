import { describe, expect, it } from 'vitest';
import { sqliteCoordination } from './sqlite-coordination.js';

describe('coordination on SQLite (one process)', () => {
  it('tells every subscriber what was published, until it unsubscribes', async () => {
    const { changes } = sqliteCoordination();
    const heard: string[] = [];
    const stop = changes.subscribe((change) => heard.push(change.companyId));
    await changes.publish({ topic: 'latest', companyId: 'acme' });
    stop();
    await changes.publish({ topic: 'latest', companyId: 'globex' });
    expect(heard).toEqual(['acme']);
  });

  it('runs the work of one lock name one at a time, and a try while held does not run', async () => {
    const { withLock, tryLock } = sqliteCoordination();
    const order: string[] = [];
    const slow = withLock('demo', async () => {
      order.push('a in');
      await new Promise((resolve) => setTimeout(resolve, 50));
      order.push('a out');
    });
    expect(await tryLock('demo', async () => 1)).toEqual({ ran: false });
    await Promise.all([slow, withLock('demo', async () => order.push('b in'))]);
    expect(order).toEqual(['a in', 'a out', 'b in']);
    expect(await tryLock('demo', async () => 1)).toEqual({ ran: true, value: 1 });
  });
});
