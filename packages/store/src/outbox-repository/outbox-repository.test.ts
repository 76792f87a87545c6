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

const email = {
  companyId: 'acme',
  memberId: 'u1',
  to: 'u1@acme.example',
  subject: 'Please connect',
  text: 'Connect your mailbox.',
};

async function setup() {
  const time = manualClock();
  const d = dir();
  const store = await openTestStore(d, { clock: time.clock });
  await store.companies.create({ id: 'acme', name: 'Acme' });
  return { store, time, d };
}

describe('email outbox', () => {
  it('queues an email that waits, across a restart, until it is sent', async () => {
    const { store, time, d } = await setup();
    const queued = await store.outbox.enqueue(email);
    expect(queued).toMatchObject({ status: 'queued', attempts: 0, sentAt: null, lastError: null });
    await store.close();
    const reopened = await openTestStore(d, { clock: time.clock });
    expect((await reopened.outbox.pending()).map((e) => e.id)).toEqual([queued.id]);
    time.advance(5000);
    const sent = await reopened.outbox.markSent(queued.id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, sentAt: '2026-01-01T09:00:05.000Z' });
    expect(await reopened.outbox.pending()).toEqual([]);
    await expect(reopened.outbox.markSent(queued.id)).rejects.toMatchObject({ code: 'conflict' });
    await reopened.close();
  });

  it('retries a failed email until it has failed maxAttempts times, keeping the last error', async () => {
    const { store } = await setup();
    const queued = await store.outbox.enqueue(email);
    await store.outbox.markFailed(queued.id, 'connect ECONNREFUSED 127.0.0.1:2525');
    expect(await store.outbox.pending({ maxAttempts: 2 })).toHaveLength(1);
    const failed = await store.outbox.markFailed(queued.id, '421 try later');
    expect(failed).toMatchObject({ status: 'failed', attempts: 2, lastError: '421 try later' });
    expect(await store.outbox.pending({ maxAttempts: 2 })).toEqual([]);
    expect(await store.outbox.list('acme', { status: 'failed' })).toHaveLength(1);
    await store.close();
  });

  it('queues many emails all or nothing: one bad address stores none', async () => {
    const { store } = await setup();
    await expect(
      store.outbox.enqueueMany([email, { ...email, to: 'not an address' }]),
    ).rejects.toMatchObject({ code: 'invalid_input', field: '[1].to' });
    expect(await store.outbox.list('acme')).toEqual([]);
    expect(
      await store.outbox.enqueueMany([email, { ...email, memberId: 'u2', to: 'u2@acme.example' }]),
    ).toHaveLength(2);
    await store.close();
  });

  it('keeps an email with a notBefore out of pending until the store clock reaches it, across a restart', async () => {
    const { store, time, d } = await setup();
    const notice = await store.outbox.enqueue({
      ...email,
      memberId: null,
      notBefore: '2026-01-01T10:00:00+01:00',
      meetingId: 'm1',
      participantId: 'p1',
    });
    expect(notice).toMatchObject({
      notBefore: '2026-01-01T09:00:00.000Z',
      meetingId: 'm1',
      participantId: 'p1',
    });
    const now = await store.outbox.enqueue(email);
    expect((await store.outbox.list('acme', { meetingId: 'm1' })).map((e) => e.id)).toEqual([
      notice.id,
    ]);
    time.set('2026-01-01T08:59:59.999Z');
    expect((await store.outbox.pending()).map((e) => e.id)).toEqual([now.id]);
    await store.close();
    const reopened = await openTestStore(d, { clock: time.clock });
    time.set('2026-01-01T09:00:00.000Z');
    expect((await reopened.outbox.pending()).map((e) => e.id)).toEqual([notice.id, now.id]);
    await reopened.close();
  });

  it('lets one sender claim an email once; a claim left by a killed sender is released after its age', async () => {
    const { store, time } = await setup();
    const queued = await store.outbox.enqueue(email);
    expect(await store.outbox.claim(queued.id)).toBe(true);
    expect(await store.outbox.claim(queued.id)).toBe(false);
    expect(await store.outbox.pending()).toEqual([]);
    expect(await store.outbox.releaseStale(60)).toBe(0);
    time.advance(60_000);
    expect(await store.outbox.releaseStale(60)).toBe(1);
    expect(await store.outbox.byId(queued.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'interrupted while sending',
    });
    expect(await store.outbox.claim(queued.id)).toBe(true);
    await store.outbox.markSent(queued.id);
    expect(await store.outbox.claim(queued.id)).toBe(false);
    await store.close();
  });
});

describe('a meeting called off', () => {
  it('cancels only its unsent emails: a sent or claimed one stays, and a cancelled one is never pending', async () => {
    const { store } = await setup();
    const notice = (participantId: string, meetingId = 'm1') => ({
      ...email,
      memberId: null,
      meetingId,
      participantId,
    });
    const [sent, claimed, failed, queued, other] = await store.outbox.enqueueMany([
      notice('p1'),
      notice('p2'),
      notice('p3'),
      notice('p4'),
      notice('p1', 'm2'),
    ]);
    await store.outbox.markSent(sent!.id);
    expect(await store.outbox.claim(claimed!.id)).toBe(true);
    await store.outbox.markFailed(failed!.id, '421 try later');
    const cancelled = await store.outbox.cancelUnsent('acme', 'm1');
    expect(cancelled.map((e) => e.id).sort()).toEqual([failed!.id, queued!.id].sort());
    expect(cancelled.every((e) => e.status === 'cancelled')).toBe(true);
    expect((await store.outbox.pending()).map((e) => e.id)).toEqual([other!.id]);
    expect(await store.outbox.claim(queued!.id)).toBe(false);
    expect((await store.outbox.list('acme', { meetingId: 'm1' })).map((e) => e.status)).toEqual([
      'sent',
      'sending',
      'cancelled',
      'cancelled',
    ]);
    expect(await store.outbox.cancelUnsent('acme', 'm1')).toEqual([]);
    await store.close();
  });
});
