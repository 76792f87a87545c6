import { describe, expect, it } from 'vitest';
import { runTestSql } from '../test-support/run-test-sql.js';
import { tempDirsPerTest } from '../test-support/temp-dirs.js';
import { openTestStore } from '../test-support/test-support.js';
import { onPostgres } from '../testing/test-database.js';

const dir = tempDirsPerTest();

async function chainOfThree(folder: string) {
  const store = await openTestStore(folder);
  await store.companies.create({ id: 'acme', name: 'Acme' });
  await store.meetings.create('acme', {
    id: 'm1',
    title: 'Call',
    startsAt: '2026-02-01T10:00:00Z',
    endsAt: '2026-02-01T11:00:00Z',
    conferenceUrl: 'https://meet.example/abc',
    recorderName: 'Acme Notetaker',
    policyVersion: 1,
    participants: [{ id: 'p1', email: 'bo@customer.de', internal: false, jurisdiction: 'DE' }],
    consentState: {},
  });
  await store.consentEvidence.appendMany('acme', [
    { meetingId: 'm1', policyVersion: 1, kind: 'meeting_scheduled' },
    { meetingId: 'm1', policyVersion: 1, kind: 'recorder_joined', details: { name: 'x' } },
  ]);
  await store.consentEvidence.append('acme', {
    meetingId: 'm1',
    policyVersion: 1,
    participant: 'p1',
    kind: 'consent_accepted',
    details: { method: 'consent_page' },
  });
  return store;
}

describe('consent evidence hash chain', () => {
  it('links each event of a meeting to the previous one, from seq 1', async () => {
    const store = await chainOfThree(dir());
    const chain = await store.consentEvidence.chain('acme', 'm1');
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(chain[0]!.prevHash).toBeNull();
    expect(chain[1]!.prevHash).toBe(chain[0]!.hash);
    expect(chain[2]!.prevHash).toBe(chain[1]!.hash);
    expect(chain.every((e) => /^[0-9a-f]{64}$/.test(e.hash ?? ''))).toBe(true);
    expect(await store.consentEvidence.verify('acme', 'm1')).toEqual({
      valid: true,
      events: 3,
      head: chain[2]!.hash,
    });
    expect(
      (await store.consentEvidence.chain('acme', 'm1', { afterSeq: 1, limit: 1 })).map(
        (e) => e.seq,
      ),
    ).toEqual([2]);
    await store.close();
  });

  it('appends sent at once to one meeting each take the next link, none lost or refused', async () => {
    const folder = dir();
    const store = await chainOfThree(folder);
    // On PostgreSQL a second store is another process appending to the same chain; SQLite has
    // one process, whose writes its one connection already takes in turn.
    const other = onPostgres() ? await openTestStore(folder) : store;
    await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        (index % 2 === 0 ? store : other).consentEvidence.append('acme', {
          meetingId: 'm1',
          policyVersion: 1,
          kind: 'recorder_event_refused',
          details: { index },
        }),
      ),
    );
    const chain = await store.consentEvidence.chain('acme', 'm1', { limit: 100 });
    expect(chain.map((e) => e.seq)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect((await store.consentEvidence.verify('acme', 'm1')).valid).toBe(true);
    if (other !== store) await other.close();
    await store.close();
  });

  it('an edited detail breaks the chain at that event', async () => {
    const folder = dir();
    const store = await chainOfThree(folder);
    await runTestSql(
      folder,
      store.file,
      `UPDATE consent_evidence SET details = '{"method":"verbal_announcement"}' WHERE seq = 3`,
    );
    expect(await store.consentEvidence.verify('acme', 'm1')).toMatchObject({
      valid: false,
      brokenAt: { seq: 3, reason: 'hash_mismatch' },
    });
    await store.close();
  });

  it('a removed event breaks the chain where it was, and a removed last event shows too', async () => {
    const folder = dir();
    const store = await chainOfThree(folder);
    await runTestSql(folder, store.file, 'DELETE FROM consent_evidence WHERE seq = 3');
    expect(await store.consentEvidence.verify('acme', 'm1')).toMatchObject({
      valid: false,
      brokenAt: { seq: 3, reason: 'missing_events' },
    });
    await runTestSql(folder, store.file, 'DELETE FROM consent_evidence WHERE seq = 1');
    expect(await store.consentEvidence.verify('acme', 'm1')).toMatchObject({
      valid: false,
      brokenAt: { seq: 1, reason: 'seq_gap' },
    });
    await store.close();
  });

  it('a rewritten hash does not hide the edit: the next link no longer matches', async () => {
    const folder = dir();
    const store = await chainOfThree(folder);
    await runTestSql(
      folder,
      store.file,
      `UPDATE consent_evidence SET kind = 'consent_declined', hash = 'f' WHERE seq = 2`,
    );
    expect(await store.consentEvidence.verify('acme', 'm1')).toMatchObject({
      valid: false,
      brokenAt: { seq: 2, reason: 'hash_mismatch' },
    });
    await store.close();
  });

  it('each meeting has its own chain', async () => {
    const store = await chainOfThree(dir());
    await store.consentEvidence.append('acme', { meetingId: 'm2', kind: 'meeting_scheduled' });
    expect((await store.consentEvidence.chain('acme', 'm2'))[0]).toMatchObject({
      seq: 1,
      prevHash: null,
    });
    expect(await store.consentEvidence.verify('acme', 'm1')).toMatchObject({ valid: true });
    await store.close();
  });
});
