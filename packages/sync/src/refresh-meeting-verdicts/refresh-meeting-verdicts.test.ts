import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CalendarEvent, CaptureSnapshot, type Report } from '@capture-doctor/domain';
import {
  createEvaluator,
  createMeetingEvaluator,
  loadCaptureRules,
  loadMeetingRules,
  rulesRoot,
} from '@capture-doctor/engine';
import type { Store } from '@capture-doctor/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { calendarMeetings } from '../calendar-meetings/calendar-meetings.js';
import { openTestStore, tempDir } from '../test-support/test-support.js';
import { refreshMeetingVerdicts } from './refresh-meeting-verdicts.js';

const base = CaptureSnapshot.parse(
  JSON.parse(readFileSync(join(rulesRoot(), 'capture', 'cases-baseline.json'), 'utf8')),
);
const snapshot: CaptureSnapshot = {
  ...base,
  members: ['m1', 'm2'].map((id) => ({ ...base.members[0]!, id, email: `${id}@acme.example` })),
};
const green = createEvaluator(loadCaptureRules()).evaluateSnapshot(snapshot);
const evaluator = createMeetingEvaluator(loadMeetingRules());
const now = '2026-12-02T09:00:00.000Z';
const window = { from: now, to: '2026-12-09T09:00:00.000Z' };

function event(ownerResponse: CalendarEvent['ownerResponse']): CalendarEvent {
  return {
    iCalUID: 'review@acme.example',
    occurrence: null,
    title: 'Review',
    start: '2026-12-08T10:00:00.000Z',
    end: '2026-12-08T10:30:00.000Z',
    status: 'confirmed',
    visibility: 'normal',
    organizerEmail: 'm1@acme.example',
    ownerResponse,
    attendees: [{ email: 'guest@guest.example', response: 'accepted' }],
    joinUrl: 'https://meet.google.com/abc-defg-hij',
    conferenceSolution: 'hangoutsMeet',
    hasPhoneDialIn: false,
    // Booked 30 hours ahead: too late for a 48-hour notice.
    createdAt: '2026-12-07T04:00:00.000Z',
  };
}

/** The report with some members' microphones red (their capture broke). */
function withRedMicrophones(report: Report, ids: readonly string[]): Report {
  return {
    ...report,
    members: report.members.map((member) =>
      ids.includes(member.id)
        ? { ...member, icons: { ...member.icons, microphone: 'red' as const } }
        : member,
    ),
  };
}

let store: Store;
let cleanup: () => void;
beforeEach(async () => {
  const temp = tempDir();
  cleanup = temp.cleanup;
  store = await openTestStore(temp.dir);
  await store.companies.create({ id: 'acme', name: 'Acme' });
  const stored = await store.snapshots.add('acme', snapshot);
  await store.evaluations.add('acme', { snapshotId: stored.id, report: green });
  // What the last sync stored: the meeting on both calendars, judged with no policy in force.
  const meetings = calendarMeetings(
    new Map([
      ['m1', [event('organizer')]],
      ['m2', [event('accepted')]],
    ]),
    {
      domain: 'acme.example',
      snapshot,
      report: green,
      policy: null,
      jurisdictionMap: {},
      evaluator,
    },
  );
  await store.calendarMeetings.replaceWindow('acme', window, meetings);
});
afterEach(async () => {
  await store.close();
  cleanup();
});

const stored = async () => (await store.calendarMeetings.list('acme', { limit: 10 }))[0]!;
const refresh = () => refreshMeetingVerdicts(store, 'acme', { now, evaluator });
async function newEvaluation(report: Report): Promise<void> {
  const latest = await store.snapshots.latest('acme');
  await store.evaluations.add('acme', { snapshotId: latest!.id, report });
}

describe('meeting verdicts judged again', () => {
  it('follow the hosts’ icons: another calendar keeps the meeting recorded, none gives will_not_record', async () => {
    expect(await stored()).toMatchObject({ verdict: 'will_record', hostMemberId: 'm1' });
    expect(await refresh()).toBe(0);

    await newEvaluation(withRedMicrophones(green, ['m1']));
    expect(await refresh()).toBe(1);
    expect(await stored()).toMatchObject({ verdict: 'will_record', hostMemberId: 'm2' });

    await newEvaluation(withRedMicrophones(green, ['m1', 'm2']));
    expect(await refresh()).toBe(1);
    const broken = await stored();
    expect(broken.verdict).toBe('will_not_record');
    expect(broken.reasons.map((r) => r.ruleId)).toContain('host-capture-not-working');

    await newEvaluation(green);
    expect(await refresh()).toBe(1);
    expect(await stored()).toMatchObject({ verdict: 'will_record', reasons: [] });
  });

  it('follow the policy in force: one approved with a longer lead time makes the late booking a reason', async () => {
    const body = {
      id: 'acme-policy',
      version: 1,
      recorderName: 'Acme Notetaker',
      noticeEmail: { enabled: true, leadTimeHours: 48, audience: 'everyone' },
      consentPage: { enabled: true, audience: 'everyone' },
      announcement: { enabled: true },
    };
    const draft = await store.consentPolicies.createDraft('acme', { createdBy: 'ana', body });
    await store.consentPolicies.approve('acme', draft.version, { approvedBy: 'ben' });
    expect(await refresh()).toBe(1);
    const judged = await stored();
    expect(judged.verdict).toBe('at_risk');
    expect(judged.reasons.map((r) => r.ruleId)).toEqual(['notice-email-late']);
  });
});
