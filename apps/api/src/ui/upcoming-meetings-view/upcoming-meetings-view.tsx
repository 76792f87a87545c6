/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Catalog } from '@capture-doctor/engine';
import { z } from 'zod';
import type { CalendarMeetingView } from '../../services/meetings/calendar-meeting-schemas.js';
import type { MeetingView } from '../../services/meetings/meeting-schemas.js';
import { ColorPill } from '../icons/icons.js';
import { screenText } from '../screen-text/screen-text.js';
import data from './meetings-words.json' with { type: 'json' };

const Words = z.object({
  title: z.string(),
  intro: z.string(),
  memberIntro: z.string(),
  groups: z.object({
    will_not_record: z.string(),
    at_risk: z.string(),
    will_record: z.string(),
    api: z.string(),
  }),
  empty: z.string(),
  private: z.string(),
  fix: z.string(),
  docs: z.string(),
  members: z.string(),
  allMeetings: z.string(),
});
/** The page's words, from meetings-words.json. */
export const meetingsWords = Words.parse(data);
const words = meetingsWords;

const GROUPS = ['will_not_record', 'at_risk', 'will_record'] as const;
const GROUP_COLOR = { will_not_record: 'red', at_risk: 'yellow', will_record: 'green' } as const;

/**
 * The upcoming-meetings screen: calendar meetings grouped by verdict, each reason with its fix
 * and its docs page, then the meetings registered through the API.
 * @example <UpcomingMeetingsView calendar={calendar} api={api} days={7} member={null} />
 */
export function UpcomingMeetingsView(props: {
  calendar: readonly CalendarMeetingView[];
  api: readonly MeetingView[];
  days: number;
  /** The member whose calendar is shown; null for the whole company. */
  member: { id: string; name: string } | null;
  names: ReadonlyMap<string, string>;
  catalog: Catalog;
}) {
  const fill = (text: string) =>
    text.replace('{days}', String(props.days)).replace('{member}', props.member?.name ?? '');
  const empty = props.calendar.length === 0 && props.api.length === 0;
  return (
    <>
      <h1>{words.title}</h1>
      <p class="sub">
        {fill(props.member === null ? words.intro : words.memberIntro)}{' '}
        {props.member === null ? null : <a href="/meetings">{words.allMeetings}</a>}
      </p>
      {empty ? <p class="empty">{words.empty}</p> : null}
      {GROUPS.map((verdict) => {
        const meetings = props.calendar.filter((m) => m.verdict === verdict);
        if (meetings.length === 0) return null;
        return (
          <section aria-labelledby={`group-${verdict}`}>
            <h2 id={`group-${verdict}`}>
              <ColorPill
                color={GROUP_COLOR[verdict]}
                catalog={props.catalog}
                text={String(meetings.length)}
              />{' '}
              {words.groups[verdict]}
            </h2>
            {meetings.map((meeting) => (
              <CalendarMeetingCard meeting={meeting} names={props.names} catalog={props.catalog} />
            ))}
          </section>
        );
      })}
      {props.api.length === 0 ? null : (
        <section aria-labelledby="group-api">
          <h2 id="group-api">
            {words.groups.api} ({props.api.length})
          </h2>
          {props.api.map((meeting) => (
            <article class="card">
              <h3>{meeting.title}</h3>
              <p class="sub">{when(meeting.startsAt, meeting.endsAt)}</p>
            </article>
          ))}
        </section>
      )}
    </>
  );
}

function CalendarMeetingCard(props: {
  meeting: CalendarMeetingView;
  names: ReadonlyMap<string, string>;
  catalog: Catalog;
}) {
  const { meeting } = props;
  const calendars = meeting.memberIds.map((id) => props.names.get(id) ?? id).join(', ');
  return (
    <article class="card" data-meeting={meeting.id} data-verdict={meeting.verdict}>
      <h3>{meeting.title ?? words.private}</h3>
      <p class="sub">
        {when(meeting.startsAt, meeting.endsAt)} · {words.members} {calendars}
      </p>
      {meeting.reasons.length === 0 ? null : (
        <ul class="findings">
          {meeting.reasons.map((reason) => (
            <li data-rule={reason.ruleId}>
              <ColorPill color={reason.color} catalog={props.catalog} /> {reason.message}
              <br />
              <span class="fix">
                {words.fix} {reason.fix}
              </span>{' '}
              <a href={`/docs/meetings/${encodeURIComponent(reason.ruleId)}/`}>{words.docs}</a>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

function when(start: string, end: string): string {
  const day = new Date(start).toUTCString().slice(0, 11);
  return screenText('upcoming-when', {
    day,
    start: start.slice(11, 16),
    end: end.slice(11, 16),
  });
}
