import { afterEach, describe, expect, it } from 'vitest';
import { manualClock, openTestStore, tempDir } from '../test-support/test-support.js';
import { acknowledgementStatus, toFindingAcknowledgement } from './acknowledgement-repository.js';

const temps: Array<() => void> = [];
function dir(): string {
  const t = tempDir();
  temps.push(t.cleanup);
  return t.dir;
}
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

const input = {
  memberId: 'u1',
  ruleId: 'seat-missing',
  reason: 'on leave until March',
  createdBy: 'admin@acme.example',
  expiresAt: '2026-01-10T00:00:00.000Z',
};

async function setup() {
  const time = manualClock('2026-01-01T00:00:00.000Z');
  const store = await openTestStore(dir(), { clock: time.clock });
  await store.companies.create({ id: 'acme', name: 'Acme' });
  await store.companies.create({ id: 'globex', name: 'Globex' });
  return { store, time };
}

describe('acknowledgements', () => {
  it('is active until it expires, then no longer listed as active but still listed', async () => {
    const { store, time } = await setup();
    const ack = await store.acknowledgements.create('acme', input);
    expect(await store.acknowledgements.listActive('acme')).toEqual([ack]);
    expect(await store.acknowledgements.listActive('acme', '2026-01-09T23:59:59.999Z')).toEqual([
      ack,
    ]);
    expect(await store.acknowledgements.listActive('acme', '2026-01-10T00:00:00.000Z')).toEqual([]);
    time.set('2026-01-11T00:00:00.000Z');
    expect(await store.acknowledgements.listActive('acme')).toEqual([]);
    expect(await store.acknowledgements.list('acme')).toEqual([ack]);
    expect(acknowledgementStatus(ack, store.now())).toBe('expired');
    await store.close();
  });

  it('is not active at a moment before it was created', async () => {
    const { store } = await setup();
    await store.acknowledgements.create('acme', input);
    expect(
      await store.acknowledgements.listActive('acme', new Date('2025-12-31T00:00:00Z')),
    ).toEqual([]);
    await store.close();
  });

  it('a revoked acknowledgement stops being active from the moment of revocation', async () => {
    const { store, time } = await setup();
    const ack = await store.acknowledgements.create('acme', input);
    time.set('2026-01-05T00:00:00.000Z');
    const revoked = await store.acknowledgements.revoke('acme', ack.id, {
      revokedBy: 'co@acme.example',
    });
    expect(revoked).toMatchObject({
      revokedAt: '2026-01-05T00:00:00.000Z',
      revokedBy: 'co@acme.example',
    });
    expect(await store.acknowledgements.listActive('acme')).toEqual([]);
    expect(
      await store.acknowledgements.listActive('acme', '2026-01-04T00:00:00.000Z'),
    ).toHaveLength(1);
    expect(acknowledgementStatus(revoked, '2026-01-06T00:00:00Z')).toBe('revoked');
    time.set('2026-01-06T00:00:00.000Z');
    const again = await store.acknowledgements.revoke('acme', ack.id, {
      revokedBy: 'someone-else',
    });
    expect(again).toEqual(revoked);
    await store.close();
  });

  it('refuses an expiry in the past, naming expiresAt, and stores nothing', async () => {
    const { store } = await setup();
    await expect(
      store.acknowledgements.create('acme', { ...input, expiresAt: '2025-12-31T00:00:00Z' }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'expiresAt' });
    await expect(
      store.acknowledgements.create('acme', { ...input, expiresAt: 'next tuesday' }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'expiresAt' });
    await expect(
      store.acknowledgements.create('acme', { ...input, reason: '  ' }),
    ).rejects.toMatchObject({
      field: 'reason',
    });
    expect(await store.acknowledgements.list('acme')).toEqual([]);
    await store.close();
  });

  it('is invisible to another company and cannot be revoked by it', async () => {
    const { store } = await setup();
    const ack = await store.acknowledgements.create('acme', input);
    expect(await store.acknowledgements.byId('globex', ack.id)).toBeNull();
    expect(await store.acknowledgements.listActive('globex')).toEqual([]);
    await expect(
      store.acknowledgements.revoke('globex', ack.id, { revokedBy: 'x' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect((await store.acknowledgements.byId('acme', ack.id))?.revokedAt).toBeNull();
    await store.close();
  });

  it('filters by member and converts to the acknowledgement a finding carries', async () => {
    const { store } = await setup();
    const ack = await store.acknowledgements.create('acme', input);
    await store.acknowledgements.create('acme', { ...input, memberId: 'u2' });
    expect(await store.acknowledgements.list('acme', { memberId: 'u1' })).toEqual([ack]);
    expect(toFindingAcknowledgement(ack)).toEqual({
      memberId: 'u1',
      ruleId: 'seat-missing',
      reason: 'on leave until March',
      by: 'admin@acme.example',
      expiresAt: '2026-01-10T00:00:00.000Z',
    });
    await store.close();
  });
});
