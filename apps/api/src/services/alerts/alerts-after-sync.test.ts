import { readFileSync } from 'node:fs';
import type { Report } from '@capture-doctor/domain';
import type { NewCalendarMeeting } from '@capture-doctor/store';
import type { SyncStatus } from '@capture-doctor/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { type AlertTestStore, openAlertTestStore } from './alert-test-store.js';
import { alertsAfterSync } from './alerts-after-sync.js';

const snapshot = JSON.parse(
  readFileSync(
    new URL('../../../../../examples/healthy-google-company-wide.json', import.meta.url),
    'utf8',
  ),
);

let t: AlertTestStore;
afterEach(async () => t?.close());

type Colour = 'green' | 'red';
const zero = { off: 0, green: 0, unknown: 0, yellow: 0, red: 0 };

function report(members: Array<[string, Colour]>, banners: string[] = []): Report {
  return {
    version: 1,
    companyId: 'acme',
    provider: 'google_workspace',
    banners: banners.map((ruleId) => ({
      ruleId,
      title: `Banner ${ruleId}`,
      color: 'yellow',
      count: 1,
      memberIds: [],
      message: `${ruleId} happened`,
      fix: `undo ${ruleId}`,
    })),
    members: members.map(([id, colour]) => ({
      id,
      email: `${id}@acme.example`,
      icons: { microphone: colour, calendar: colour, email: 'green' },
      findings:
        colour === 'red'
          ? [
              {
                ruleId: 'token-revoked',
                title: 'Token revoked',
                icons: ['microphone', 'calendar'],
                color: 'red',
                message: 'The token was revoked.',
                fix: 'Connect again.',
                because: [],
              },
            ]
          : [],
    })),
    summary: {
      members: members.length,
      icons: { microphone: zero, calendar: zero, email: zero },
      worst: zero,
    },
  };
}

async function evaluation(members: Array<[string, Colour]>, banners: string[] = []) {
  const stored = await t.store.snapshots.add('acme', snapshot);
  t.advance(1000);
  return t.store.evaluations.add('acme', {
    snapshotId: stored.id,
    report: report(members, banners),
  });
}

function finished(
  evaluationId: string | null,
  phase: SyncStatus['phase'] = 'completed',
): SyncStatus {
  return {
    companyId: 'acme',
    runId: 'run-1',
    phase,
    done: 3,
    total: 3,
    startedAt: '2026-03-01T09:00:00.000Z',
    finishedAt: '2026-03-01T09:01:00.000Z',
    error: phase === 'failed' ? 'the directory read failed: Bearer abc.def.ghi refused' : null,
    snapshotId: null,
    evaluationId,
    resumedFrom: null,
  };
}

function raisedData(events: Array<{ payload: string }>) {
  return events.map((e) => JSON.parse(e.payload).data);
}

function meeting(key: string, startsInHours: number, verdict: NewCalendarMeeting['verdict']) {
  const start = new Date(t.now().getTime() + startsInHours * 3_600_000).toISOString();
  const end = new Date(t.now().getTime() + (startsInHours + 1) * 3_600_000).toISOString();
  return {
    key,
    hostMemberId: 'm1',
    memberIds: ['m1'],
    event: {
      iCalUID: key,
      occurrence: null,
      title: `Meeting ${key}`,
      start,
      end,
      status: 'confirmed' as const,
      visibility: 'normal' as const,
      organizerEmail: 'm1@acme.example',
      ownerResponse: 'organizer' as const,
      attendees: [],
      joinUrl: null,
      conferenceSolution: null,
      hasPhoneDialIn: false,
      createdAt: null,
    },
    participants: [],
    verdict,
    reasons:
      verdict === 'will_not_record'
        ? [
            {
              ruleId: 'no-conferencing',
              color: 'red' as const,
              message: 'No link.',
              fix: 'Add one.',
              because: [],
            },
          ]
        : [],
  };
}

describe('alertsAfterSync', () => {
  it('raises member.turned_red only for members red now and not red in the evaluation before', async () => {
    t = await openAlertTestStore(new Date('2026-03-01T09:00:00.000Z'));
    await evaluation([
      ['m1', 'red'],
      ['m2', 'green'],
      ['m3', 'green'],
    ]);
    const latest = await evaluation([
      ['m1', 'red'],
      ['m2', 'red'],
      ['m3', 'green'],
      ['m4', 'red'],
    ]);
    expect(await alertsAfterSync(t.store, finished(latest.id))).toBe(2);
    const raised = raisedData(await t.store.alertDeliveries.events('acme', 'member.turned_red'));
    expect(raised.map((d) => d.memberId)).toEqual(['m2', 'm4']);
    expect(raised[0]).toMatchObject({
      companyId: 'acme',
      evaluationId: latest.id,
      email: 'm2@acme.example',
      findings: [{ ruleId: 'token-revoked', title: 'Token revoked' }],
    });
  });

  it('raises banner.new for each banner the evaluation before did not have', async () => {
    t = await openAlertTestStore(new Date('2026-03-01T09:00:00.000Z'));
    await evaluation([['m1', 'green']], ['scopes-too-broad']);
    const latest = await evaluation([['m1', 'green']], ['scopes-too-broad', 'import-off']);
    await alertsAfterSync(t.store, finished(latest.id));
    const raised = raisedData(await t.store.alertDeliveries.events('acme', 'banner.new'));
    expect(raised).toEqual([
      expect.objectContaining({ ruleId: 'import-off', title: 'Banner import-off', count: 1 }),
    ]);
  });

  it('raises sync.failed for a failed sync, its error cleared of secrets', async () => {
    t = await openAlertTestStore(new Date('2026-03-01T09:00:00.000Z'));
    expect(await alertsAfterSync(t.store, finished(null, 'failed'))).toBe(1);
    const [failed] = raisedData(await t.store.alertDeliveries.events('acme', 'sync.failed'));
    expect(failed).toMatchObject({ runId: 'run-1', startedAt: '2026-03-01T09:00:00.000Z' });
    expect(failed.error).toContain('the directory read failed');
    expect(failed.error).not.toContain('abc.def.ghi');
  });

  it('raises meeting.will_not_record once per upcoming meeting, however many syncs see it', async () => {
    t = await openAlertTestStore(new Date('2026-03-01T09:00:00.000Z'));
    const window = {
      from: t.now().toISOString(),
      to: new Date(t.now().getTime() + 7 * 24 * 3_600_000).toISOString(),
    };
    await t.store.calendarMeetings.replaceWindow('acme', window, [
      meeting('a', 2, 'will_not_record'),
      meeting('b', 3, 'will_record'),
      meeting('c', 4, 'will_not_record'),
    ]);
    const first = await evaluation([['m1', 'green']]);
    await alertsAfterSync(t.store, finished(first.id));
    const second = await evaluation([['m1', 'green']]);
    expect(await alertsAfterSync(t.store, finished(second.id))).toBe(0);
    const raised = raisedData(
      await t.store.alertDeliveries.events('acme', 'meeting.will_not_record'),
    );
    expect(raised.map((d) => d.meetingKey)).toEqual(['a', 'c']);
    expect(raised[0]).toMatchObject({
      title: 'Meeting a',
      reasons: [{ ruleId: 'no-conferencing', message: 'No link.' }],
    });
  });
});
