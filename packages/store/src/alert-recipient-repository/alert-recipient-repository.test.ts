import { describe, expect, it } from 'vitest';
import { acmeStorePerTest } from '../test-support/test-support.js';

const acmeStore = acmeStorePerTest();

async function setup() {
  return (await acmeStore()).store;
}

describe('alert recipients', () => {
  it('replaces the whole list, keeps its order, and finds who listens to an event', async () => {
    const store = await setup();
    expect(await store.alertRecipients.list('acme')).toEqual([]);
    const items = [
      { email: 'zoe@acme.example', events: ['sync.failed', 'banner.new'] },
      { email: 'al@acme.example', events: ['banner.new'] },
    ];
    expect(await store.alertRecipients.replace('acme', items)).toEqual(items);
    expect(
      (await store.alertRecipients.listening('acme', 'sync.failed')).map((r) => r.email),
    ).toEqual(['zoe@acme.example']);
    await store.alertRecipients.replace('acme', [items[1]!]);
    expect(await store.alertRecipients.list('acme')).toEqual([items[1]]);
    await store.close();
  });

  it('refuses an address listed twice or a bad one and keeps the list as it was', async () => {
    const store = await setup();
    const kept = [{ email: 'al@acme.example', events: ['banner.new'] }];
    await store.alertRecipients.replace('acme', kept);
    await expect(
      store.alertRecipients.replace('acme', [
        { email: 'x@acme.example', events: ['banner.new'] },
        { email: 'X@acme.example', events: ['sync.failed'] },
      ]),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'items[1].email' });
    await expect(
      store.alertRecipients.replace('acme', [{ email: 'not an address', events: ['x'] }]),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await store.alertRecipients.list('acme')).toEqual(kept);
    await store.close();
  });
});
