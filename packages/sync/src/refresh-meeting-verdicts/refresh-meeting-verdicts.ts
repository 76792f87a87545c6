import type { MeetingEvaluator } from '@capture-doctor/engine';
import type { CalendarMeeting, CalendarVerdict, Store } from '@capture-doctor/store';
import {
  judgeWith,
  organizerFirst,
  type Sighting,
} from '../calendar-meetings/calendar-meetings.js';
import { defaultMeetingEvaluator, policyInForce } from '../run-sync/run-sync.js';

const PAGE = 1000;

/**
 * Judges the company's upcoming calendar meetings again, without reading the calendars: after
 * the policy in force changed, or an evaluation changed a host's icons. Each calendar that holds
 * a meeting is judged from its member's answer as the last sync saw it; the verdicts that
 * changed are stored. Answers how many changed.
 * @example await refreshMeetingVerdicts(store, 'acme', { now: new Date().toISOString() })
 */
export async function refreshMeetingVerdicts(
  store: Store,
  companyId: string,
  options: { now: string; evaluator?: MeetingEvaluator | undefined },
): Promise<number> {
  const [snapshot, evaluation] = await Promise.all([
    store.snapshots.latest(companyId),
    store.evaluations.latest(companyId),
  ]);
  if (snapshot === null || evaluation === null) return 0;
  const judge = judgeWith({
    snapshot: snapshot.snapshot,
    report: evaluation.report,
    policy: await policyInForce(store, companyId),
    evaluator: options.evaluator ?? defaultMeetingEvaluator(),
  });
  const changed: CalendarVerdict[] = [];
  let after: { startsAt: string; key: string } | undefined;
  for (;;) {
    const page = await store.calendarMeetings.list(companyId, {
      from: options.now,
      limit: PAGE,
      ...(after === undefined ? {} : { after }),
    });
    for (const meeting of page) {
      const judged = judge(organizerFirst(sightingsOf(meeting)), meeting.participants);
      if (judged === null || sameVerdict(meeting, judged)) continue;
      const { hostMemberId, verdict, reasons } = judged;
      changed.push({ key: meeting.key, hostMemberId, verdict, reasons });
    }
    const last = page.at(-1);
    if (page.length < PAGE || last === undefined) break;
    after = { startsAt: last.event.start, key: last.key };
  }
  return changed.length === 0 ? 0 : store.calendarMeetings.setVerdicts(companyId, changed);
}

/** The meeting as each member's calendar shows it; a member whose answer was not kept is left out. */
function sightingsOf(meeting: CalendarMeeting): Sighting[] {
  return meeting.memberIds.flatMap((memberId) => {
    const response =
      meeting.responses[memberId] ??
      (memberId === meeting.hostMemberId ? meeting.event.ownerResponse : undefined);
    return response === undefined
      ? []
      : [{ memberId, event: { ...meeting.event, ownerResponse: response } }];
  });
}

function sameVerdict(
  meeting: CalendarMeeting,
  judged: Pick<CalendarMeeting, 'hostMemberId' | 'verdict' | 'reasons'>,
): boolean {
  return (
    meeting.hostMemberId === judged.hostMemberId &&
    meeting.verdict === judged.verdict &&
    JSON.stringify(meeting.reasons) === JSON.stringify(judged.reasons)
  );
}
