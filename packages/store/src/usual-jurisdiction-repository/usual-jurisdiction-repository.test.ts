import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore, tempDir } from '../test-support/test-support.js';

const temps: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

async function setup() {
  const t = tempDir();
  temps.push(t.cleanup);
  const store = await openTestStore(t.dir);
  await store.companies.create({ id: 'acme', name: 'Acme' });
  await store.companies.create({ id: 'other', name: 'Other' });
  return store;
}

describe('usual jurisdictions', () => {
  it('replaces the whole list, sorted, each code once, per company', async () => {
    const store = await setup();
    expect(await store.usualJurisdictions.list('acme')).toEqual([]);
    expect(await store.usualJurisdictions.replace('acme', ['US-CA', 'DE', 'DE'])).toEqual([
      'DE',
      'US-CA',
    ]);
    await store.usualJurisdictions.replace('other', ['FR']);
    expect(await store.usualJurisdictions.replace('acme', ['GB'])).toEqual(['GB']);
    expect(await store.usualJurisdictions.list('other')).toEqual(['FR']);
    await store.close();
  });

  it('refuses a code that is not ISO 3166, naming its place, and keeps the list', async () => {
    const store = await setup();
    await store.usualJurisdictions.replace('acme', ['DE']);
    await expect(
      store.usualJurisdictions.replace('acme', ['FR', 'California']),
    ).rejects.toMatchObject({ code: 'invalid_input', field: '[1]' });
    expect(await store.usualJurisdictions.list('acme')).toEqual(['DE']);
    await expect(store.usualJurisdictions.replace('nobody', ['DE'])).rejects.toMatchObject({
      code: 'not_found',
    });
    await store.close();
  });
});
