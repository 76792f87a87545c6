import type { Banner, MemberReport, Report } from '@capture-doctor/domain';
import { redactSecrets } from '@capture-doctor/providers';
import type { Store } from '@capture-doctor/store';
import type { SyncStatus } from '@capture-doctor/sync';
import { raiseAlert } from './raise-alert.js';

const MEETINGS_PER_READ = 500;

/**
 * The alerts a finished sync raises: `sync.failed` when it failed; else, against the evaluation
 * before it, `member.turned_red` for each member red now and not then and `banner.new` for each
 * banner it did not have; and `meeting.will_not_record` for each upcoming calendar meeting with
 * that verdict, once per meeting however many syncs see it. Answers how many were raised.
 * @example await alertsAfterSync(store, await syncs.wait('acme'))
 */
export async function alertsAfterSync(store: Store, status: SyncStatus): Promise<number> {
  const { companyId } = status;
  if (status.phase === 'failed') {
    const raised = await raiseSyncFailed(store, companyId, {
      runId: status.runId,
      error: status.error ?? 'the sync failed',
      startedAt: status.startedAt,
      finishedAt: status.finishedAt,
    });
    return raised ? 1 : 0;
  }
  if (status.evaluationId === null) return 0;
  const current = await store.evaluations.byId(companyId, status.evaluationId);
  if (current === null) return 0;
  const [before] = await store.evaluations.history(companyId, {
    before: current.id,
    limit: 1,
  });
  const previous = before ? await store.evaluations.byId(companyId, before.id) : null;
  let raised = 0;
  const count = (done: boolean) => {
    if (done) raised += 1;
  };
  for (const member of turnedRed(current.report, previous?.report ?? null)) {
    count(await raiseAlert(store, memberTurnedRed(companyId, current.id, member)));
  }
  for (const banner of newBanners(current.report, previous?.report ?? null)) {
    count(await raiseAlert(store, bannerNew(companyId, current.id, banner)));
  }
  for await (const alert of meetingsWillNotRecord(store, companyId)) {
    count(await raiseAlert(store, alert));
  }
  return raised;
}

/**
 * `sync.failed` for a scheduled or queued sync that could not start (no provider connected,
 * credentials that cannot be read): no one asked for it on a screen, so the alert is how an
 * admin hears of it. Answers whether it was raised.
 * @example await alertSyncNotStarted(store, 'acme', 'company "acme" has no provider connected', new Date())
 */
export async function alertSyncNotStarted(
  store: Store,
  companyId: string,
  error: string,
  at: Date,
): Promise<boolean> {
  const moment = at.toISOString();
  return raiseSyncFailed(store, companyId, {
    runId: null,
    error,
    startedAt: moment,
    finishedAt: moment,
  });
}

async function raiseSyncFailed(
  store: Store,
  companyId: string,
  failure: { runId: string | null; error: string; startedAt: string; finishedAt: string | null },
): Promise<boolean> {
  const error = redactSecrets(failure.error);
  return raiseAlert(store, {
    companyId,
    type: 'sync.failed',
    data: { ...failure, error },
    words: { error, startedAt: failure.startedAt },
  });
}

function isRed(member: MemberReport): boolean {
  return Object.values(member.icons).includes('red');
}

function turnedRed(report: Report, previous: Report | null): MemberReport[] {
  const redBefore = new Set(previous?.members.filter(isRed).map((m) => m.id) ?? []);
  return report.members.filter((member) => isRed(member) && !redBefore.has(member.id));
}

function newBanners(report: Report, previous: Report | null): Banner[] {
  const before = new Set(previous?.banners.map((b) => b.ruleId) ?? []);
  return report.banners.filter((banner) => !before.has(banner.ruleId));
}

function memberTurnedRed(companyId: string, evaluationId: string, member: MemberReport) {
  const findings = member.findings
    .filter((f) => f.color === 'red' && f.acknowledgement === undefined)
    .map((f) => ({ ruleId: f.ruleId, title: f.title, message: f.message, fix: f.fix }));
  return {
    companyId,
    type: 'member.turned_red' as const,
    data: {
      evaluationId,
      memberId: member.id,
      email: member.email,
      name: member.name ?? null,
      icons: member.icons,
      findings,
    },
    words: { memberEmail: member.email, findings: findings.map((f) => f.title).join('; ') },
  };
}

function bannerNew(companyId: string, evaluationId: string, banner: Banner) {
  return {
    companyId,
    type: 'banner.new' as const,
    data: {
      evaluationId,
      ruleId: banner.ruleId,
      title: banner.title,
      color: banner.color,
      count: banner.count,
      message: banner.message,
      fix: banner.fix,
    },
    words: { title: banner.title, count: banner.count, message: banner.message, fix: banner.fix },
  };
}

async function* meetingsWillNotRecord(store: Store, companyId: string) {
  let after: { startsAt: string; key: string } | undefined;
  for (;;) {
    const meetings = await store.calendarMeetings.list(companyId, {
      from: store.now(),
      verdict: 'will_not_record',
      limit: MEETINGS_PER_READ,
      ...(after ? { after } : {}),
    });
    for (const meeting of meetings) {
      const title = meeting.event.title ?? '(private meeting)';
      yield {
        companyId,
        type: 'meeting.will_not_record' as const,
        dedupeKey: `meeting.will_not_record:${meeting.key}`,
        data: {
          meetingKey: meeting.key,
          iCalUID: meeting.event.iCalUID,
          title: meeting.event.title,
          startsAt: meeting.event.start,
          endsAt: meeting.event.end,
          hostMemberId: meeting.hostMemberId,
          reasons: meeting.reasons.map((r) => ({
            ruleId: r.ruleId,
            message: r.message,
            fix: r.fix,
          })),
        },
        words: {
          meetingTitle: title,
          startsAt: meeting.event.start,
          reasons: meeting.reasons.map((r) => r.message).join(' '),
        },
      };
    }
    const last = meetings.at(-1);
    if (last === undefined || meetings.length < MEETINGS_PER_READ) return;
    after = { startsAt: new Date(last.event.start).toISOString(), key: last.key };
  }
}
