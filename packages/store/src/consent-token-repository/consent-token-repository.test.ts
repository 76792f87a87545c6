import { afterEach, describe, expect, it } from 'vitest';
import { allBytes, manualClock, openTestStore, tempDir } from '../test-support/test-support.js';

const temps: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

async function setup() {
  const t = tempDir();
  temps.push(t.cleanup);
  const time = manualClock();
  const store = await openTestStore(t.dir, { clock: time.clock });
  await store.companies.create({ id: 'acme', name: 'Acme' });
  return { store, time, dir: t.dir };
}

const link = (participantId: string) => ({
  meetingId: 'm1',
  participantId,
  expiresAt: '2026-01-02T09:00:00.000Z',
});

describe('consent tokens', () => {
  it('issues a 256-bit token per participant that finds its own record and no other', async () => {
    const { store } = await setup();
    const [ana, bo] = await store.consentTokens.issue('acme', [link('ana'), link('bo')]);
    expect(ana!.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(ana!.token).not.toBe(bo!.token);
    expect(await store.consentTokens.find(ana!.token)).toMatchObject({
      companyId: 'acme',
      meetingId: 'm1',
      participantId: 'ana',
      expiresAt: '2026-01-02T09:00:00.000Z',
    });
    expect((await store.consentTokens.find(bo!.token))?.participantId).toBe('bo');
    expect(ana!.record.formToken).not.toBe(bo!.record.formToken);
    await store.close();
  });

  it('stores only the hash: the raw token is nowhere in the database files', async () => {
    const { store, dir } = await setup();
    const [issued] = await store.consentTokens.issue('acme', [link('ana')]);
    await store.close();
    expect(allBytes(dir).includes(Buffer.from(issued!.token))).toBe(false);
  });

  it('answers null for an unknown, malformed or expired token', async () => {
    const { store, time } = await setup();
    const [issued] = await store.consentTokens.issue('acme', [link('ana')]);
    const other = `${issued!.token.slice(0, -1)}${issued!.token.endsWith('A') ? 'B' : 'A'}`;
    expect(await store.consentTokens.find(other)).toBeNull();
    expect(await store.consentTokens.find('short')).toBeNull();
    expect(await store.consentTokens.find("' or 1=1 --")).toBeNull();
    time.set('2026-01-02T08:59:59.999Z');
    expect(await store.consentTokens.find(issued!.token)).not.toBeNull();
    time.set('2026-01-02T09:00:00.000Z');
    expect(await store.consentTokens.find(issued!.token)).toBeNull();
    await store.close();
  });

  it('replaces a participant’s earlier token: the old link stops working', async () => {
    const { store } = await setup();
    const [first] = await store.consentTokens.issue('acme', [link('ana')]);
    const [second] = await store.consentTokens.issue('acme', [link('ana')]);
    expect(await store.consentTokens.find(first!.token)).toBeNull();
    expect((await store.consentTokens.find(second!.token))?.participantId).toBe('ana');
    await store.close();
  });

  it('moves the expiry of every link of a moved meeting: links already sent keep working', async () => {
    const { store, time } = await setup();
    const [ana, bo] = await store.consentTokens.issue('acme', [link('ana'), link('bo')]);
    const [other] = await store.consentTokens.issue('acme', [{ ...link('cy'), meetingId: 'm2' }]);
    const later = '2026-01-09T09:00:00.000Z';
    expect(await store.consentTokens.moveExpiry('acme', 'm1', later)).toBe(2);
    expect(await store.consentTokens.moveExpiry('globex', 'm1', later)).toBe(0);
    time.set('2026-01-05T09:00:00.000Z');
    expect(await store.consentTokens.find(ana!.token)).toMatchObject({ expiresAt: later });
    expect((await store.consentTokens.find(bo!.token))?.participantId).toBe('bo');
    expect(await store.consentTokens.find(other!.token)).toBeNull();
    time.set(later);
    expect(await store.consentTokens.find(ana!.token)).toBeNull();
    await expect(store.consentTokens.moveExpiry('acme', 'm1', 'soon')).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await store.close();
  });

  it('refuses a token for an unknown company', async () => {
    const { store } = await setup();
    await expect(store.consentTokens.issue('nobody', [link('ana')])).rejects.toMatchObject({
      code: 'not_found',
    });
    await store.close();
  });
});
