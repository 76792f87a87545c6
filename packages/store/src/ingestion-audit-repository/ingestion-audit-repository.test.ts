import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore, tempDir } from '../test-support/test-support.js';

const temps: Array<() => void> = [];
function dir(): string {
  const t = tempDir();
  temps.push(t.cleanup);
  return t.dir;
}
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

describe('ingestion audit trail', () => {
  it('answers which reads were made of a member, in a period, under which credential', async () => {
    const store = await openTestStore(dir());
    await store.companies.create({ id: 'acme', name: 'Acme' });
    await store.ingestionAudit.recordMany('acme', [
      {
        memberId: 'u1',
        resource: 'mailbox',
        readKind: 'gmail.users.getProfile',
        itemCount: 0,
        at: '2026-01-01T10:00:00Z',
        credentialId: 'cred-1',
      },
      {
        memberId: 'u1',
        resource: 'calendar',
        readKind: 'calendar.events.list',
        itemCount: 1,
        at: '2026-01-02T10:00:00Z',
        credentialId: 'cred-1',
      },
      {
        memberId: 'u2',
        resource: 'mailbox',
        readKind: 'gmail.users.getProfile',
        itemCount: 0,
        at: '2026-01-02T11:00:00Z',
      },
      {
        memberId: 'u1',
        resource: 'mailbox',
        readKind: 'gmail.users.getProfile',
        itemCount: 0,
        at: '2026-01-03T10:00:00Z',
      },
    ]);
    const reads = await store.ingestionAudit.list('acme', {
      memberId: 'u1',
      from: '2026-01-01T00:00:00Z',
      to: '2026-01-03T00:00:00Z',
    });
    expect(reads.map((r) => [r.resource, r.itemCount, r.credentialId])).toEqual([
      ['mailbox', 0, 'cred-1'],
      ['calendar', 1, 'cred-1'],
    ]);
    expect(await store.ingestionAudit.list('acme', { resource: 'mailbox' })).toHaveLength(3);
    await store.close();
  });

  it('records a batch all or nothing and names the bad field', async () => {
    const store = await openTestStore(dir());
    await store.companies.create({ id: 'acme', name: 'Acme' });
    await expect(
      store.ingestionAudit.recordMany('acme', [
        { memberId: 'u1', resource: 'mailbox', readKind: 'x', itemCount: 1 },
        { memberId: 'u1', resource: 'drive' as 'mailbox', readKind: 'x', itemCount: 1 },
      ]),
    ).rejects.toMatchObject({ code: 'invalid_input', field: '[1].resource' });
    await expect(
      store.ingestionAudit.record('acme', {
        memberId: 'u1',
        resource: 'mailbox',
        readKind: 'x',
        itemCount: -1,
      }),
    ).rejects.toMatchObject({ field: 'itemCount' });
    expect(await store.ingestionAudit.list('acme')).toEqual([]);
    await store.close();
  });

  it('refuses reads for a company that does not exist, naming it, and stores none of them', async () => {
    const store = await openTestStore(dir());
    await store.companies.create({ id: 'acme', name: 'Acme' });
    const read = (memberId: string) => ({
      memberId,
      resource: 'mailbox' as const,
      readKind: 'gmail.users.getProfile',
      itemCount: 0,
    });
    const refused = {
      code: 'not_found',
      field: 'companyId',
      message: 'company "globex" does not exist',
    };
    await expect(store.ingestionAudit.record('globex', read('u1'))).rejects.toMatchObject(refused);
    // More reads than one statement takes: the first statement's refusal undoes the batch.
    const many = Array.from({ length: 250 }, (_, n) => read(`u${n}`));
    await expect(store.ingestionAudit.recordMany('globex', many)).rejects.toMatchObject(refused);
    // In a transaction, the reads of the company that exists go with it.
    await expect(
      store.transaction(async (repositories) => {
        await repositories.ingestionAudit.recordMany('acme', [read('u1')]);
        await repositories.ingestionAudit.recordMany('globex', [read('u2')]);
      }),
    ).rejects.toMatchObject(refused);
    expect(await store.ingestionAudit.list('acme')).toEqual([]);
    await store.companies.create({ id: 'globex', name: 'Globex' });
    expect(await store.ingestionAudit.list('globex')).toEqual([]);
    await store.close();
  });

  it('keeps whether each read was answered, and the error code of one that was not', async () => {
    const store = await openTestStore(dir());
    await store.companies.create({ id: 'acme', name: 'Acme' });
    await store.ingestionAudit.recordMany('acme', [
      { memberId: 'u1', resource: 'mailbox', readKind: 'gmail.users.getProfile', itemCount: 0 },
      {
        memberId: 'u1',
        resource: 'calendar',
        readKind: 'calendar.events.list',
        outcome: 'failed',
        errorCode: 'api_disabled',
        itemCount: 0,
      },
    ]);
    const reads = await store.ingestionAudit.list('acme', { memberId: 'u1' });
    expect(reads.map((r) => [r.resource, r.outcome, r.errorCode])).toEqual([
      ['mailbox', 'ok', null],
      ['calendar', 'failed', 'api_disabled'],
    ]);
    const failed = await store.ingestionAudit.list('acme', { outcome: 'failed' });
    expect(failed.map((r) => r.resource)).toEqual(['calendar']);
    await expect(
      store.ingestionAudit.record('acme', {
        memberId: 'u1',
        resource: 'mailbox',
        readKind: 'x',
        outcome: 'ok',
        errorCode: 'timeout',
        itemCount: 0,
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'errorCode' });
    expect(await store.ingestionAudit.list('acme')).toHaveLength(2);
    await store.close();
  });

  it('keeps a read as started before it is sent, completes it after, and marks the ones a dead run left interrupted', async () => {
    const store = await openTestStore(dir());
    await store.companies.create({ id: 'acme', name: 'Acme' });
    await store.companies.create({ id: 'other', name: 'Other' });
    const read = (memberId: string) => ({
      memberId,
      resource: 'mailbox' as const,
      readKind: 'gmail.users.getProfile',
      outcome: 'started' as const,
      itemCount: 0,
      at: '2026-01-01T10:00:00Z',
    });
    const [answered, refused, inFlight] = await store.ingestionAudit.recordMany('acme', [
      read('u1'),
      read('u2'),
      read('u3'),
    ]);
    await store.ingestionAudit.recordMany('other', [read('o1')]);
    expect(await store.ingestionAudit.list('acme', { outcome: 'started' })).toHaveLength(3);
    await store.ingestionAudit.complete('acme', [
      { id: answered!.id, outcome: 'ok', itemCount: 1, at: '2026-01-01T10:00:01Z' },
      {
        id: refused!.id,
        outcome: 'failed',
        errorCode: 'mailbox_not_enabled',
        itemCount: 0,
        at: '2026-01-01T10:00:02Z',
      },
    ]);
    expect(await store.ingestionAudit.interruptStarted('acme')).toBe(1);
    const reads = await store.ingestionAudit.list('acme');
    const byMember = [...reads].sort((a, b) => a.memberId.localeCompare(b.memberId));
    expect(byMember.map((r) => [r.memberId, r.outcome, r.errorCode, r.itemCount])).toEqual([
      ['u1', 'ok', null, 1],
      ['u2', 'failed', 'mailbox_not_enabled', 0],
      ['u3', 'interrupted', null, 0],
    ]);
    expect((await store.ingestionAudit.list('acme', { outcome: 'interrupted' }))[0]?.id).toBe(
      inFlight!.id,
    );
    // Another company's read in flight is not this company's to interrupt.
    expect((await store.ingestionAudit.list('other'))[0]?.outcome).toBe('started');
    // An interrupted read stays as it is: the run that sent it is gone.
    await expect(
      store.ingestionAudit.complete('acme', [{ id: inFlight!.id, outcome: 'ok', itemCount: 0 }]),
    ).rejects.toMatchObject({ code: 'not_found', field: '[0].id' });
    await expect(
      store.ingestionAudit.record('acme', { ...read('u4'), outcome: 'interrupted' as 'ok' }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'outcome' });
    await store.close();
  });

  it('completes hundreds of reads at once, each with its own outcome and time, and names the first one not started', async () => {
    const store = await openTestStore(dir());
    await store.companies.create({ id: 'acme', name: 'Acme' });
    const started = await store.ingestionAudit.recordMany(
      'acme',
      Array.from({ length: 450 }, (_, n) => ({
        memberId: `u${n}`,
        resource: 'calendar' as const,
        readKind: 'calendar.events.list',
        outcome: 'started' as const,
        itemCount: 0,
        at: '2026-01-01T10:00:00Z',
      })),
    );
    const at = (n: number) => new Date(Date.UTC(2026, 0, 1, 11, 0, n % 60)).toISOString();
    await store.ingestionAudit.complete(
      'acme',
      started
        .slice(0, 449)
        .map((read, n) =>
          n % 3 === 0
            ? { id: read.id, outcome: 'failed', errorCode: 'timeout', itemCount: 0, at: at(n) }
            : { id: read.id, outcome: 'ok', itemCount: n, at: at(n) },
        ),
    );
    const reads = new Map((await store.ingestionAudit.list('acme')).map((r) => [r.memberId, r]));
    for (const n of [0, 1, 199, 200, 201, 448]) {
      const read = reads.get(`u${n}`);
      expect([read?.outcome, read?.errorCode, read?.itemCount, read?.at]).toEqual(
        n % 3 === 0 ? ['failed', 'timeout', 0, at(n)] : ['ok', null, n, at(n)],
      );
    }
    expect(reads.get('u449')?.outcome).toBe('started');
    // The second end of a read already ended, and an unknown id, are refused by their place.
    await expect(
      store.ingestionAudit.complete('acme', [
        { id: started[449]!.id, outcome: 'ok', itemCount: 0 },
        { id: started[0]!.id, outcome: 'ok', itemCount: 0 },
      ]),
    ).rejects.toMatchObject({ code: 'not_found', field: '[1].id' });
    await expect(
      store.ingestionAudit.complete('acme', [{ id: 'nope', outcome: 'ok', itemCount: 0 }]),
    ).rejects.toMatchObject({ code: 'not_found', field: '[0].id' });
    await store.close();
  });
});
