import type { ConsentPolicy } from '@capture-doctor/domain';
import type {
  ConsentEvent,
  ConsentInput,
  ConsentParticipant,
} from '../consent-events/consent-events.js';

export const scheduledAt = '2026-11-01T09:00:00Z';
export const startsAt = '2026-11-03T15:00:00Z';
export const noticeAt = '2026-11-02T15:00:00Z';
export const callAt = '2026-11-03T15:01:00Z';
/** Where a moved meeting goes: a day later than `startsAt`. */
export const movedTo = '2026-11-04T15:00:00Z';

/** A policy that uses every notice method: the baseline the tests vary. */
export const fullPolicy: ConsentPolicy = {
  id: 'policy-acme',
  version: 3,
  recorderName: 'Acme Notetaker',
  noticeEmail: { enabled: true, leadTimeHours: 24, audience: 'external' },
  consentPage: { enabled: true, audience: 'everyone' },
  announcement: { enabled: true },
};

export const host: ConsentParticipant = {
  id: 'host',
  name: 'Ada Host',
  internal: true,
  jurisdiction: 'US-CA',
  joinsByPhone: false,
  allPartyJurisdiction: true,
};
export const guest: ConsentParticipant = {
  id: 'guest',
  name: 'Gus Guest',
  internal: false,
  jurisdiction: 'GB',
  joinsByPhone: false,
  allPartyJurisdiction: false,
};
export const lateInternal: ConsentParticipant = {
  id: 'late-internal',
  internal: true,
  jurisdiction: 'US-TX',
  joinsByPhone: false,
  allPartyJurisdiction: false,
};
export const lateExternal: ConsentParticipant = {
  id: 'late-external',
  internal: false,
  jurisdiction: 'US-FL',
  joinsByPhone: false,
  allPartyJurisdiction: true,
};

/**
 * A meeting under the given policy.
 * @example consentInput({ consentPage: { enabled: false, audience: 'everyone' } })
 */
export function consentInput(
  policy: Partial<ConsentPolicy> = {},
  participants: ConsentParticipant[] = [host, guest],
): ConsentInput {
  return {
    meetingId: 'meeting-1',
    policy: { ...fullPolicy, ...policy },
    participants,
    scheduledAt,
    startsAt,
  };
}

/** A Texan host, under one-party law, as the first participant of a meeting. */
export const texanHost: ConsentParticipant = { ...lateInternal, id: 'host', name: 'Tex Host' };

const forAllPartyJurisdictions: Partial<ConsentPolicy> = {
  consentPage: { enabled: true, audience: 'all_party_jurisdictions' },
};

/** The meeting inputs the path coverage runs on: together they reach every guard. */
export const coverageInputs: ConsentInput[] = [
  consentInput(),
  consentInput({ consentPage: { enabled: true, audience: 'external' } }),
  consentInput({
    noticeEmail: { enabled: false, leadTimeHours: 0, audience: 'external' },
    consentPage: { enabled: false, audience: 'everyone' },
    announcement: { enabled: false },
  }),
  consentInput({ noticeEmail: { enabled: false, leadTimeHours: 0, audience: 'external' } }),
  consentInput({
    noticeEmail: { enabled: true, leadTimeHours: 48, audience: 'everyone' },
    consentPage: { enabled: false, audience: 'everyone' },
  }),
  // No one is under all-party law until the Florida guest of consentEvents joins.
  consentInput(forAllPartyJurisdictions, [texanHost, guest]),
  consentInput({ ...forAllPartyJurisdictions, staffCoveredByCompanyNotice: true }, [
    texanHost,
    guest,
  ]),
];

const ids = ['host', 'guest', 'nobody'];

/** A finite catalogue of consent events for graph traversal and random sequences. */
export const consentEvents: ConsentEvent[] = [
  { type: 'SEND_NOTICE', at: noticeAt },
  { type: 'RECORDER_JOINED', at: callAt },
  ...ids.flatMap((participantId) => [
    { type: 'CONSENT_ACCEPTED' as const, participantId, at: callAt },
    { type: 'CONSENT_DECLINED' as const, participantId, at: callAt },
    { type: 'PARTICIPANT_LEFT' as const, participantId, at: callAt },
    { type: 'RECORDER_REMOVED' as const, participantId, at: callAt },
  ]),
  { type: 'PARTICIPANT_JOINED', participant: lateInternal, at: callAt },
  { type: 'PARTICIPANT_JOINED', participant: lateExternal, at: callAt },
  { type: 'PARTICIPANT_JOINED', participant: guest, at: callAt },
  { type: 'MEETING_ENDED', at: callAt },
  { type: 'MEETING_MOVED', startsAt: movedTo, at: noticeAt },
  { type: 'MEETING_CANCELLED', at: noticeAt },
  { type: 'MEETING_RESTORED', startsAt: movedTo, at: noticeAt },
  { type: 'MEETING_RESTORED', startsAt, at: callAt },
];
