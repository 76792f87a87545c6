import { describe, expect, it } from 'vitest';
import { tempDirsPerTest } from '../test-support/temp-dirs.js';
import { manualClock, openTestStore } from '../test-support/test-support.js';
import { onPostgres } from '../testing/test-database.js';
import type { NewMeeting } from './meeting-repository.js';

const dir = tempDirsPerTest();

const meeting = (id: string, startsAt: string): NewMeeting => ({
  id,
  title: `Call ${id}`,
  startsAt,
  endsAt: new Date(Date.parse(startsAt) + 3_600_000).toISOString(),
  conferenceUrl: 'https://meet.example/abc',
  recorderName: 'Acme Notetaker',
  policyVersion: 2,
  participants: [
    { id: 'p1', email: 'ana@acme.example', name: 'Ana', internal: true, jurisdiction: 'US-CA' },
    { id: 'p2', email: 'bo@customer.de', internal: false, jurisdiction: null },
  ],
  consentState: { status: 'active', value: 'scheduled', context: {} },
});

describe('meetings', () => {
  it('keeps a meeting with its participants in the order given, and its consent snapshot', async () => {
    const store = await openTestStore(dir(), { clock: manualClock().clock });
    await store.companies.create({ id: 'acme', name: 'Acme' });
    const created = await store.meetings.create('acme', meeting('m1', '2026-02-01T10:00:00Z'));
    expect(created).toMatchObject({
      id: 'm1',
      companyId: 'acme',
      startsAt: '2026-02-01T10:00:00.000Z',
      hostMemberId: null,
      recorderName: 'Acme Notetaker',
      policyVersion: 2,
      source: 'api',
    });
    expect(await store.meetings.get('acme', 'm1')).toEqual(created);
    expect(created.participants).toEqual([
      { id: 'p1', email: 'ana@acme.example', name: 'Ana', internal: true, jurisdiction: 'US-CA' },
      { id: 'p2', email: 'bo@customer.de', name: null, internal: false, jurisdiction: null },
    ]);
    expect(await store.meetings.consentState('acme', 'm1')).toMatchObject({ value: 'scheduled' });
    await store.meetings.saveConsentState('acme', 'm1', { status: 'done', value: 'ended' });
    expect(await store.meetings.consentState('acme', 'm1')).toEqual({
      status: 'done',
      value: 'ended',
    });
    await store.close();
  });

  it('a snapshot read after taking the meeting row, then saved, loses no step sent at once from two processes', async () => {
    const folder = dir();
    const store = await openTestStore(folder);
    await store.companies.create({ id: 'acme', name: 'Acme' });
    await store.meetings.create('acme', {
      ...meeting('m1', '2026-02-01T10:00:00Z'),
      consentState: 0,
    });
    // On PostgreSQL a second store is another process; SQLite's one connection takes turns.
    const other = onPostgres() ? await openTestStore(folder) : store;
    await Promise.all(
      Array.from({ length: 16 }, (_, index) =>
        (index % 2 === 0 ? store : other).transaction(async (tx) => {
          await tx.meetings.lock('acme', 'm1');
          const count = Number(await tx.meetings.consentState('acme', 'm1'));
          await tx.meetings.saveConsentState('acme', 'm1', count + 1);
        }),
      ),
    );
    expect(await store.meetings.consentState('acme', 'm1')).toBe(16);
    if (other !== store) await other.close();
    await store.close();
  });

  it('another company sees no meeting of this one, and a taken id is a conflict', async () => {
    const store = await openTestStore(dir());
    await store.companies.create({ id: 'acme', name: 'Acme' });
    await store.companies.create({ id: 'other', name: 'Other' });
    await store.meetings.create('acme', meeting('m1', '2026-02-01T10:00:00Z'));
    expect(await store.meetings.get('other', 'm1')).toBeNull();
    expect(await store.meetings.consentState('other', 'm1')).toBeNull();
    await expect(store.meetings.saveConsentState('other', 'm1', {})).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      store.meetings.create('acme', meeting('m1', '2026-02-01T10:00:00Z')),
    ).rejects.toMatchObject({ code: 'conflict', field: 'id' });
    await store.close();
  });

  it('lists by start time within a period, a page at a time after the last meeting seen', async () => {
    const store = await openTestStore(dir());
    await store.companies.create({ id: 'acme', name: 'Acme' });
    for (const [id, at] of [
      ['m3', '2026-02-03T10:00:00Z'],
      ['m1', '2026-02-01T10:00:00Z'],
      ['m2b', '2026-02-02T10:00:00Z'],
      ['m2a', '2026-02-02T10:00:00Z'],
      ['m4', '2026-02-04T10:00:00Z'],
    ] as const) {
      await store.meetings.create('acme', meeting(id, at));
    }
    const ids = (list: { id: string }[]) => list.map((m) => m.id);
    const first = await store.meetings.list('acme', { limit: 2 });
    expect(ids(first)).toEqual(['m1', 'm2a']);
    const last = first.at(-1)!;
    const next = await store.meetings.list('acme', {
      limit: 2,
      after: { startsAt: last.startsAt, id: last.id },
    });
    expect(ids(next)).toEqual(['m2b', 'm3']);
    expect(
      ids(
        await store.meetings.list('acme', {
          from: '2026-02-02T10:00:00Z',
          to: '2026-02-04T10:00:00Z',
        }),
      ),
    ).toEqual(['m2a', 'm2b', 'm3']);
    expect(next[0]!.participants).toHaveLength(2);
    await store.close();
  });

  it('keeps the jurisdiction map per company, domains in lower case', async () => {
    const store = await openTestStore(dir());
    await store.companies.create({ id: 'acme', name: 'Acme' });
    expect(await store.jurisdictionMap.get('acme')).toEqual({});
    await store.jurisdictionMap.replace('acme', { 'Customer.DE': 'DE', 'client.fr': 'FR' });
    expect(
      await store.jurisdictionMap.replace('acme', { 'customer.de': 'DE', 'ny.example': 'US-NY' }),
    ).toEqual({
      'customer.de': 'DE',
      'ny.example': 'US-NY',
    });
    await expect(
      store.jurisdictionMap.replace('acme', { 'x.example': 'Germany' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await store.close();
  });
});

describe('meetings from the calendars', () => {
  it('moves a meeting to new times, calls it off and puts it back on, listed by source', async () => {
    const time = manualClock();
    const store = await openTestStore(dir(), { clock: time.clock });
    await store.companies.create({ id: 'acme', name: 'Acme' });
    await store.meetings.create('acme', meeting('m1', '2026-02-01T10:00:00Z'));
    await store.meetings.create('acme', {
      ...meeting('cal-1', '2026-02-02T10:00:00Z'),
      source: 'calendar',
    });
    const moved = await store.meetings.reschedule('acme', 'cal-1', {
      startsAt: '2026-02-05T15:00:00+01:00',
      endsAt: '2026-02-05T16:00:00+01:00',
    });
    expect(moved).toMatchObject({
      startsAt: '2026-02-05T14:00:00.000Z',
      endsAt: '2026-02-05T15:00:00.000Z',
      cancelledAt: null,
      source: 'calendar',
    });
    time.advance(60_000);
    const cancelled = await store.meetings.setCancelled(
      'acme',
      'cal-1',
      time.clock().toISOString(),
    );
    expect(cancelled.cancelledAt).toBe('2026-01-01T09:01:00.000Z');
    expect((await store.meetings.setCancelled('acme', 'cal-1', null)).cancelledAt).toBeNull();
    const ids = async (source: 'api' | 'calendar') =>
      (await store.meetings.list('acme', { source })).map((m) => m.id);
    expect(await ids('calendar')).toEqual(['cal-1']);
    expect(await ids('api')).toEqual(['m1']);
    await expect(
      store.meetings.reschedule('other', 'cal-1', {
        startsAt: '2026-02-05T15:00:00Z',
        endsAt: '2026-02-05T16:00:00Z',
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await store.close();
  });
});
