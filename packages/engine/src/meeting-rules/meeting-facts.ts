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
  'meeting.scheduledMinutesAhead': fact(z.number().nullable(), (v) => minutesAhead(v.meeting)),
  'meeting.externalParticipantCount': fact(
    z.number().int(),
    (v) => v.meeting.participants.filter((p) => !p.internal).length,
  ),
  'host.response': fact(EventResponse, (v) => v.meeting.event.ownerResponse),
  'host.recording': fact(flag, (v) => v.meeting.host.recording),
  'host.seatIncludesRecording': fact(nullableFlag, (v) => v.meeting.host.seatIncludesRecording),
  'host.microphone': fact(IconColor, (v) => v.meeting.host.microphone),
  'host.calendar': fact(IconColor, (v) => v.meeting.host.calendar),
  'company.importMeetings': fact(flag, (v) => v.meeting.company.importMeetings),
  'consent.policyInForce': fact(flag, (v) => v.meeting.policy !== null),
  'consent.noticeEmailOnTime': fact(nullableFlag, (v) => noticeOnTime(v.meeting)),
  'consent.unaskedAllPartyParticipantCount': fact(z.number().int(), (v) => v.unasked.length),
};

export type MeetingFactName = keyof typeof meetingFactTable;
const reads = Object.entries(meetingFactTable);

/** Every fact a meeting rule may read; a rule naming anything else is refused when loaded. */
export const meetingFactNames: readonly string[] = reads.map(([name]) => name);

/**
 * A meeting with its link classified and its unasked all-party participants found.
 * @example viewOf(meeting, sources).link.conferencing // 'zoom'
 */
export function viewOf(meeting: UpcomingMeeting, sources: MeetingFactSources): MeetingView {
  const laws = meeting.participants.map((p) => ({
    p,
    law: lawOf(sources.jurisdictions, p),
  }));
  const allParty = laws.some(({ law }) => law.allParty);
  const unasked = laws
    .filter(({ p, law }) => {
      if (!law.allParty) return false;
      return meeting.policy === null || !asksOnConsentPage(meeting.policy, p, allParty);
    })
    .map(({ p, law }) => ({ email: p.email ?? p.id, jurisdiction: law.jurisdiction?.name ?? '' }));
  return {
    meeting,
    link: linkOf(sources.conferencing, meeting.event.joinUrl, meeting.event.conferenceSolution),
    unasked,
  };
}

/**
 * A meeting's facts as rules read them.
 * @example meetingFacts(viewOf(meeting, sources))['meeting.link.present'] // true
 */
export function meetingFacts(view: MeetingView): Facts {
  return Object.fromEntries(reads.map(([name, { read }]) => [name, read(view)]));
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
const laws = new WeakMap<JurisdictionsFile, Map<string, ParticipantLaw>>();
const links = new WeakMap<ConferencingFile, Map<string, LinkKind>>();
const MOST_CACHED = 10_000;

function lawOf(file: JurisdictionsFile, participant: Participant): ParticipantLaw {
  const cache = laws.get(file) ?? new Map<string, ParticipantLaw>();
  laws.set(file, cache);
  const key = `${participant.jurisdiction ?? ''} ${participant.joinsByPhone}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  const law = participantLaw(file, participant);
  if (cache.size < MOST_CACHED) cache.set(key, law);
  return law;
}

function linkOf(file: ConferencingFile, joinUrl: string | null, solution: string | null): LinkKind {
  const cache = links.get(file) ?? new Map<string, LinkKind>();
  links.set(file, cache);
  const key = `${joinUrl ?? ''} ${solution ?? ''}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  const kind = linkKind(file, joinUrl, solution);
  if (cache.size < MOST_CACHED) cache.set(key, kind);
  return kind;
}

function minutesAhead(meeting: UpcomingMeeting): number | null {
  const created = meeting.event.createdAt;
  if (created === null) return null;
  return Math.floor((Date.parse(meeting.event.start) - Date.parse(created)) / 60_000);
}

// The notice goes out `leadTimeHours` before the start: a meeting put in the calendar later than
// that cannot have it on time. Null when no notice is due (none in force, or nobody to tell).
function noticeOnTime(meeting: UpcomingMeeting): boolean | null {
  const { policy } = meeting;
  if (policy === null || !policy.noticeEmail.enabled) return null;
  const audience =
    policy.noticeEmail.audience === 'everyone'
      ? meeting.participants
      : meeting.participants.filter((p) => !p.internal);
  if (audience.length === 0) return null;
  const ahead = minutesAhead(meeting);
  if (ahead === null) return null;
  return ahead >= policy.noticeEmail.leadTimeHours * 60;
}
