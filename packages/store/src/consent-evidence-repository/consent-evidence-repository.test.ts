import { afterEach, describe, expect, it } from 'vitest';
import { manualClock, openTestStore, tempDir } from '../test-support/test-support.js';

const temps: Array<() => void> = [];
function dir(): string {
  const t = tempDir();
  temps.push(t.cleanup);
  return t.dir;
}
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

describe('consent evidence', () => {
  it('keeps every step of a meeting in the order it happened, under its policy version', async () => {
    const time = manualClock('2026-01-01T10:00:00.000Z');
    const store = await openTestStore(dir(), { clock: time.clock });
    await store.companies.create({ id: 'acme', name: 'Acme' });
    await store.consentEvidence.appendMany('acme', [
      { meetingId: 'm1', policyVersion: 3, kind: 'recorder_joined', at: '2026-01-01T10:00:00Z' },
      {
        meetingId: 'm1',
        policyVersion: 3,
        participant: 'eve@x.example',
        kind: 'notice_sent',
        at: '2026-01-01T09:00:00Z',
        details: { leadMinutes: 60 },
      },
      { meetingId: 'm2', policyVersion: 3, kind: 'recorder_joined' },
    ]);
    time.advance(1000);
    await store.consentEvidence.append('acme', {
      meetingId: 'm1',
      policyVersion: 3,
      participant: 'eve@x.example',
      kind: 'consent_accepted',
    });
    const m1 = await store.consentEvidence.list('acme', { meetingId: 'm1' });
    expect(m1.map((e) => e.kind)).toEqual(['notice_sent', 'recorder_joined', 'consent_accepted']);
    expect(m1[0]).toMatchObject({
      policyVersion: 3,
      details: { leadMinutes: 60 },
      recordedAt: '2026-01-01T10:00:00.000Z',
    });
    expect(
      (await store.consentEvidence.list('acme', { participant: 'eve@x.example' })).map(
        (e) => e.kind,
      ),
    ).toEqual(['notice_sent', 'consent_accepted']);
    await store.close();
  });

  it('refuses an event without a kind, naming it, and appends nothing of the batch', async () => {
    const store = await openTestStore(dir());
    await store.companies.create({ id: 'acme', name: 'Acme' });
    await expect(
      store.consentEvidence.appendMany('acme', [
        { meetingId: 'm1', kind: 'recorder_joined' },
        { meetingId: 'm1', kind: '' },
      ]),
    ).rejects.toMatchObject({ code: 'invalid_input', field: '[1].kind' });
    expect(await store.consentEvidence.list('acme')).toEqual([]);
    await store.close();
  });
});
