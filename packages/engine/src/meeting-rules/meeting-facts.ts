import {
  EventResponse,
  IconColor,
  type Participant,
  type UpcomingMeeting,
} from '@capture-doctor/domain';
import { z } from 'zod';
import { asksOnConsentPage } from '../consent-rules/consent-page-audience.js';
import {
  type JurisdictionsFile,
  type ParticipantLaw,
  participantLaw,
} from '../consent-rules/jurisdictions.js';
import type { FactDefinition, Facts, FactValue } from '../facts/capture-facts.js';
import { type ConferencingFile, type LinkKind, linkKind } from './conferencing.js';

/** What meeting facts are derived from besides the meeting: the data files of the rule sets. */
export interface MeetingFactSources {
  conferencing: ConferencingFile;
  jurisdictions: JurisdictionsFile;
}

/** A meeting with what its facts need worked out once. */
export interface MeetingView {
  meeting: UpcomingMeeting;
  link: LinkKind;
  /** Participants whose law wants every party's consent and whom the consent page does not ask. */
  unasked: Array<{ email: string; jurisdiction: string }>;
  /** How long before its start the meeting was put in the calendar; null when unknown. */
  minutesAhead: number | null;
}

const fact = <Type extends z.ZodType<FactValue>>(
  type: Type,
  read: (from: MeetingView) => z.output<Type>,
): FactDefinition<MeetingView> => ({ type, read });
const flag = z.boolean();
const nullableFlag = z.boolean().nullable();

/** Every fact a meeting rule may read, by the dotted name rules use. */
export const meetingFactTable = {
  'meeting.status': fact(
    z.enum(['confirmed', 'tentative', 'cancelled']),
    (v) => v.meeting.event.status,
  ),
  'meeting.visibility': fact(
    z.enum(['normal', 'private', 'confidential']),
    (v) => v.meeting.event.visibility,
  ),
  'meeting.link.present': fact(flag, (v) => v.meeting.event.joinUrl !== null),
  'meeting.link.conferencing': fact(z.string().nullable(), (v) => v.link.conferencing),
  'meeting.link.recorderJoins': fact(nullableFlag, (v) => v.link.recorderJoins),
  'meeting.link.gateway': fact(z.string().nullable(), (v) => v.link.gateway),
  'meeting.phoneDialIn': fact(flag, (v) => v.meeting.event.hasPhoneDialIn),
  'meeting.scheduledMinutesAhead': fact(z.number().nullable(), (v) => v.minutesAhead),
  'meeting.externalParticipantCount': fact(z.number().int(), (v) =>
    countGuests(v.meeting.participants),
  ),
  'host.response': fact(EventResponse, (v) => v.meeting.event.ownerResponse),
  'host.recording': fact(flag, (v) => v.meeting.host.recording),
  'host.seatIncludesRecording': fact(nullableFlag, (v) => v.meeting.host.seatIncludesRecording),
  'host.microphone': fact(IconColor, (v) => v.meeting.host.microphone),
  'host.calendar': fact(IconColor, (v) => v.meeting.host.calendar),
  'company.importMeetings': fact(flag, (v) => v.meeting.company.importMeetings),
  'consent.policyInForce': fact(flag, (v) => v.meeting.policy !== null),
  'consent.noticeEmailOnTime': fact(nullableFlag, noticeOnTime),
  'consent.unaskedAllPartyParticipantCount': fact(z.number().int(), (v) => v.unasked.length),
};

export type MeetingFactName = keyof typeof meetingFactTable;
const reads = Object.entries(meetingFactTable);
const readNames = reads.map(([name]) => name);
const readers = reads.map(([, { read }]) => read);

/** Every fact a meeting rule may read; a rule naming anything else is refused when loaded. */
export const meetingFactNames: readonly string[] = reads.map(([name]) => name);

/**
 * A meeting with its link classified and its unasked all-party participants found.
 * @example viewOf(meeting, sources).link.conferencing // 'zoom'
 */
export function viewOf(meeting: UpcomingMeeting, sources: MeetingFactSources): MeetingView {
  const known = cachesOf(sources);
  const laws = meeting.participants.map((p) => lawOf(known, sources, p));
  // Most meetings have no one under all-party law: nothing more to work out for them.
  const allParty = laws.some((law) => law.allParty);
  const unasked: MeetingView['unasked'] = [];
  if (allParty) {
    meeting.participants.forEach((p, index) => {
      const law = laws[index]!;
      if (!law.allParty) return;
      if (meeting.policy !== null && asksOnConsentPage(meeting.policy, p, allParty)) return;
      unasked.push({ email: p.email ?? p.id, jurisdiction: law.jurisdiction?.name ?? '' });
    });
  }
  return {
    meeting,
    link: linkOf(known, sources, meeting.event.joinUrl, meeting.event.conferenceSolution),
    unasked,
    minutesAhead: minutesAhead(meeting),
  };
}

/**
 * A meeting's facts as rules read them.
 * @example meetingFacts(viewOf(meeting, sources))['meeting.link.present'] // true
 */
export function meetingFacts(view: MeetingView): Facts {
  // A plain loop: this runs once per meeting, hundreds of thousands of times a sync.
  const facts: Record<string, FactValue> = {};
  for (let index = 0; index < readers.length; index++) {
    facts[readNames[index]!] = readers[index]!(view);
  }
  return facts;
}

/**
 * The values a meeting fact can take when there are few, else null (for the docs).
 * @example meetingFactOptions('host.response') // ['organizer', 'accepted', ...]
 */
export function meetingFactOptions(name: string): readonly (string | boolean | null)[] | null {
  if (!Object.hasOwn(meetingFactTable, name)) return null;
  const definition: FactDefinition<MeetingView> = meetingFactTable[name as MeetingFactName];
  const type =
    definition.type instanceof z.ZodNullable ? definition.type.unwrap() : definition.type;
  if (type instanceof z.ZodBoolean) return [true, false];
  if (type instanceof z.ZodEnum) return type.options as string[];
  return null;
}

// A company's meetings share a few links' hosts and a few jurisdictions: each is read once per
// data file. The caches hang on the data files, so a reloaded rule set starts afresh.
interface Caches {
  laws: Map<string, ParticipantLaw>;
  links: Map<string, LinkKind>;
}
const caches = new WeakMap<JurisdictionsFile, WeakMap<ConferencingFile, Caches>>();
const MOST_CACHED = 10_000;

function cachesOf(sources: MeetingFactSources): Caches {
  let byConferencing = caches.get(sources.jurisdictions);
  if (byConferencing === undefined) {
    byConferencing = new WeakMap();
    caches.set(sources.jurisdictions, byConferencing);
  }
  let found = byConferencing.get(sources.conferencing);
  if (found === undefined) {
    found = { laws: new Map(), links: new Map() };
    byConferencing.set(sources.conferencing, found);
  }
  return found;
}

function lawOf(
  known: Caches,
  sources: MeetingFactSources,
  participant: Participant,
): ParticipantLaw {
  const key = `${participant.jurisdiction ?? ''} ${participant.joinsByPhone}`;
  const cached = known.laws.get(key);
  if (cached !== undefined) return cached;
  const law = participantLaw(sources.jurisdictions, participant);
  if (known.laws.size < MOST_CACHED) known.laws.set(key, law);
  return law;
}

function linkOf(
  known: Caches,
  sources: MeetingFactSources,
  joinUrl: string | null,
  solution: string | null,
): LinkKind {
  const key = `${joinUrl ?? ''} ${solution ?? ''}`;
  const cached = known.links.get(key);
  if (cached !== undefined) return cached;
  const kind = linkKind(sources.conferencing, joinUrl, solution);
  if (known.links.size < MOST_CACHED) known.links.set(key, kind);
  return kind;
}

function countGuests(participants: readonly Participant[]): number {
  let guests = 0;
  for (const p of participants) if (!p.internal) guests++;
  return guests;
}

function minutesAhead(meeting: UpcomingMeeting): number | null {
  const created = meeting.event.createdAt;
  if (created === null) return null;
  return Math.floor((Date.parse(meeting.event.start) - Date.parse(created)) / 60_000);
}

// The notice goes out `leadTimeHours` before the start: a meeting put in the calendar later than
// that cannot have it on time. Null when no notice is due (none in force, or nobody to tell).
function noticeOnTime({ meeting, minutesAhead: ahead }: MeetingView): boolean | null {
  const { policy } = meeting;
  if (policy === null || !policy.noticeEmail.enabled) return null;
  const anyoneTold =
    policy.noticeEmail.audience === 'everyone'
      ? meeting.participants.length > 0
      : meeting.participants.some((p) => !p.internal);
  if (!anyoneTold) return null;
  if (ahead === null) return null;
  return ahead >= policy.noticeEmail.leadTimeHours * 60;
}
