import type {
  CalendarEvent,
  CaptureSnapshot,
  ConsentPolicy,
  MeetingReason,
  MeetingVerdict,
  Participant,
  Report,
  UpcomingMeeting,
} from '@capture-doctor/domain';
import type { MeetingEvaluator } from '@capture-doctor/engine';
import type { NewCalendarMeeting } from '@capture-doctor/store';

/** What the verdicts of a company's meetings rest on besides the calendars. */
export interface MeetingSources {
  /** The company's primary domain: participants of it are team members. */
  domain: string;
  snapshot: CaptureSnapshot;
  report: Report;
  /** The approved consent policy; null when there is none. */
  policy: ConsentPolicy | null;
  /** Where guests of an email domain are (domain → ISO 3166 code), before the country domain. */
  jurisdictionMap: Readonly<Record<string, string>>;
  evaluator: MeetingEvaluator;
}

/** One calendar holding a meeting: whose it is and the event as it shows there. */
export interface Sighting {
  memberId: string;
  event: CalendarEvent;
}

const RANK: Readonly<Record<MeetingVerdict, number>> = {
  will_record: 2,
  at_risk: 1,
  will_not_record: 0,
};

/**
 * The company's upcoming meetings from its members' calendars, each meeting once (by iCalUID
 * and occurrence) with its verdict. A meeting is recorded for any member who attends it, so
 * it is judged from each calendar that holds it and keeps the best verdict (the organizer's
 * calendar first when they tie). Cancelled meetings are left out.
 * @example calendarMeetings(new Map([['ana', events]]), sources)
 */
export function calendarMeetings(
  eventsByMember: ReadonlyMap<string, readonly CalendarEvent[]>,
  sources: MeetingSources,
): NewCalendarMeeting[] {
  const groups = new Map<string, Sighting[]>();
  for (const [memberId, events] of eventsByMember) {
    for (const event of events) {
      const key = meetingKey(event);
      const group = groups.get(key);
      if (group === undefined) groups.set(key, [{ memberId, event }]);
      else group.push({ memberId, event });
    }
  }
  const memberEmails = new Set(sources.snapshot.members.map((m) => m.email.toLowerCase()));
  const judge = judgeWith(sources);
  const meetings: NewCalendarMeeting[] = [];
  for (const [key, sightings] of groups) {
    const ordered = organizerFirst(sightings);
    if (ordered[0]?.event.status === 'cancelled') continue;
    const participants = participantsOf(ordered[0]!.event, sources, memberEmails);
    const best = judge(ordered, participants);
    if (best === null) continue;
    meetings.push({
      key,
      ...best,
      memberIds: [...new Set(ordered.map((s) => s.memberId))],
      participants,
      responses: Object.fromEntries(ordered.map((s) => [s.memberId, s.event.ownerResponse])),
    });
  }
  return meetings;
}

/** The verdict a meeting keeps: the best of its calendars', with the calendar that gave it. */
export interface JudgedMeeting {
  hostMemberId: string;
  event: CalendarEvent;
  verdict: MeetingVerdict;
  reasons: MeetingReason[];
}

/**
 * Judges meetings against one company's members, report and policy: each calendar that holds a
 * meeting is judged from its member's view, and the best verdict is kept (the first calendar
 * given when they tie); null when none of its members is known.
 * @example judgeWith(sources)(sightings, participants)?.verdict // 'at_risk'
 */
export function judgeWith(
  sources: Pick<MeetingSources, 'snapshot' | 'report' | 'policy' | 'evaluator'>,
): (sightings: readonly Sighting[], participants: Participant[]) => JudgedMeeting | null {
  const members = new Map(sources.snapshot.members.map((member) => [member.id, member]));
  const reports = new Map(sources.report.members.map((member) => [member.id, member]));
  return (sightings, participants) => {
    let best: (JudgedMeeting & { rank: number }) | null = null;
    for (const { memberId, event } of sightings) {
      const member = members.get(memberId);
      const report = reports.get(memberId);
      if (member === undefined || report === undefined) continue;
      const meeting: UpcomingMeeting = {
        event,
        host: {
          memberId,
          email: member.email,
          name: member.name ?? null,
          recording: member.settings.recording,
          seatIncludesRecording: member.seat?.includesRecording ?? null,
          microphone: report.icons.microphone,
          calendar: report.icons.calendar,
          captureRuleIds: report.findings
            .filter((f) => f.icons.includes('microphone') || f.icons.includes('calendar'))
            .map((f) => f.ruleId),
        },
        company: {
          provider: sources.snapshot.company.provider,
          importMeetings: sources.snapshot.company.import.meetings,
        },
        policy: sources.policy,
        participants,
      };
      const { verdict, reasons } = sources.evaluator.evaluate(meeting);
      if (best !== null && RANK[verdict] <= best.rank) continue;
      best = { hostMemberId: memberId, event, verdict, reasons, rank: RANK[verdict] };
    }
    if (best === null) return null;
    const { rank: _rank, ...kept } = best;
    return kept;
  };
}

/**
 * What makes one meeting the same on every calendar: its iCalUID and, for one occurrence of
 * a recurring meeting, its original start.
 * @example meetingKey(event) // 'abc@google.com 2026-12-08T09:00:00.000Z'
 */
export function meetingKey(event: Pick<CalendarEvent, 'iCalUID' | 'occurrence'>): string {
  return event.occurrence === null ? event.iCalUID : `${event.iCalUID} ${event.occurrence}`;
}

/**
 * The organizer's calendar first: it decides the participants and wins a tie.
 * @example organizerFirst(sightings)[0].event.ownerResponse // 'organizer'
 */
export function organizerFirst(sightings: readonly Sighting[]): Sighting[] {
  const organizer = (s: Sighting) => (s.event.ownerResponse === 'organizer' ? 0 : 1);
  return [...sightings].sort((a, b) => organizer(a) - organizer(b));
}

/**
 * The meeting's participants: the organizer and the attendees, team members marked internal.
 * A guest's jurisdiction is the company's jurisdiction map's for their domain, else read from
 * the country domain of their address (`.de`: DE); a generic domain (.com) gives none.
 */
function participantsOf(
  event: CalendarEvent,
  sources: Pick<MeetingSources, 'domain' | 'jurisdictionMap'>,
  memberEmails: ReadonlySet<string>,
): Participant[] {
  const emails = [
    ...new Set(
      [event.organizerEmail, ...event.attendees.map((a) => a.email)]
        .filter((email): email is string => email !== null)
        .map((email) => email.toLowerCase()),
    ),
  ];
  const company = sources.domain.toLowerCase();
  return emails.map((email) => {
    const host = email.split('@')[1] ?? '';
    const internal = memberEmails.has(email) || host === company || host.endsWith(`.${company}`);
    return {
      id: email,
      email,
      internal,
      jurisdiction: internal ? null : (sources.jurisdictionMap[host] ?? countryOf(host)),
      joinsByPhone: false,
    };
  });
}

function countryOf(host: string): string | null {
  const tld = host.split('.').pop() ?? '';
  if (!/^[a-z]{2}$/.test(tld)) return null;
  return tld === 'uk' ? 'GB' : tld.toUpperCase();
}
