import type { ConsentPolicy, Participant } from '@capture-doctor/domain';
import type { FactValue } from '../facts/capture-facts.js';
import { asksOnConsentPage } from './consent-page-audience.js';
import { type JurisdictionsFile, meetingRequirement, participantLaw } from './jurisdictions.js';
import { readsLikePersonName } from './recorder-name.js';

/**
 * Every fact a consent rule may read. `policy.*` describe the consent policy; `meeting.*`
 * describe the participants, classified by rules/consent/jurisdictions.json.
 */
export const consentFactNames = [
  'policy.recorder.name',
  'policy.recorder.nameIsBlank',
  'policy.recorder.nameReadsLikePerson',
  'policy.noticeEmail.enabled',
  'policy.noticeEmail.leadTimeHours',
  'policy.noticeEmail.audience',
  'policy.consentPage.enabled',
  'policy.consentPage.audience',
  'policy.announcement.enabled',
  'policy.noticeMethodCount',
  'policy.staffCoveredByCompanyNotice',
  'meeting.participantCount',
  'meeting.internalParticipantCount',
  'meeting.externalParticipantCount',
  'meeting.hasAllPartyParticipant',
  'meeting.allPartyParticipantCount',
  'meeting.internalAllPartyParticipantCount',
  'meeting.externalAllPartyParticipantCount',
  'meeting.hasDisputedParticipant',
  'meeting.disputedParticipantCount',
  'meeting.noticeAtCollectionParticipantCount',
  'meeting.internalNoticeAtCollectionParticipantCount',
  'meeting.externalNoticeAtCollectionParticipantCount',
  'meeting.unknownJurisdictionCount',
  'meeting.jurisdictions',
  'meeting.consentRequirement',
  'meeting.consentPageAsksExternal',
  'meeting.consentPageAsksInternal',
] as const;

export type ConsentFactName = (typeof consentFactNames)[number];
export type ConsentFacts = Record<ConsentFactName, FactValue>;

/** What the facts are derived from: the data files of rules/consent. */
export interface ConsentFactSources {
  jurisdictions: JurisdictionsFile;
  recorderNameWords: readonly string[];
}

/**
 * Flattens a consent policy and a meeting's participants into the dotted facts rules read.
 * Jurisdiction facts come from jurisdictions.json; they are facts about the participants,
 * while deciding what they mean for the policy is left to the rules. The strictest law among
 * the participants is the meeting's (`meeting.consentRequirement`), and who the consent page
 * asks follows from it (`meeting.consentPageAsks*`, as the consent machine decides).
 * @example consentFacts(policy, participants, sources)['meeting.hasAllPartyParticipant'] // true
 */
export function consentFacts(
  policy: ConsentPolicy,
  participants: readonly Participant[],
  sources: ConsentFactSources,
): ConsentFacts {
  const laws = participants.map((p) => ({ p, law: participantLaw(sources.jurisdictions, p) }));
  const count = (test: (x: (typeof laws)[number]) => boolean) => laws.filter(test).length;
  const allParty = count(({ law }) => law.allParty);
  const disputed = count(({ law }) => law.disputed);
  const name = policy.recorderName;
  const methods = [
    policy.noticeEmail.enabled,
    policy.consentPage.enabled,
    policy.announcement.enabled,
  ];
  return {
    'policy.recorder.name': name,
    'policy.recorder.nameIsBlank': name.trim() === '',
    'policy.recorder.nameReadsLikePerson': readsLikePersonName(name, sources.recorderNameWords),
    'policy.noticeEmail.enabled': policy.noticeEmail.enabled,
    'policy.noticeEmail.leadTimeHours': policy.noticeEmail.leadTimeHours,
    'policy.noticeEmail.audience': policy.noticeEmail.audience,
    'policy.consentPage.enabled': policy.consentPage.enabled,
    'policy.consentPage.audience': policy.consentPage.audience,
    'policy.announcement.enabled': policy.announcement.enabled,
    'policy.noticeMethodCount': methods.filter(Boolean).length,
    'policy.staffCoveredByCompanyNotice': policy.staffCoveredByCompanyNotice === true,
    'meeting.participantCount': participants.length,
    'meeting.internalParticipantCount': count(({ p }) => p.internal),
    'meeting.externalParticipantCount': count(({ p }) => !p.internal),
    'meeting.hasAllPartyParticipant': allParty > 0,
    'meeting.allPartyParticipantCount': allParty,
    'meeting.internalAllPartyParticipantCount': count(({ p, law }) => p.internal && law.allParty),
    'meeting.externalAllPartyParticipantCount': count(({ p, law }) => !p.internal && law.allParty),
    'meeting.hasDisputedParticipant': disputed > 0,
    'meeting.disputedParticipantCount': disputed,
    'meeting.noticeAtCollectionParticipantCount': count(({ law }) => law.noticeAtCollection),
    'meeting.internalNoticeAtCollectionParticipantCount': count(
      ({ p, law }) => p.internal && law.noticeAtCollection,
    ),
    'meeting.externalNoticeAtCollectionParticipantCount': count(
      ({ p, law }) => !p.internal && law.noticeAtCollection,
    ),
    'meeting.unknownJurisdictionCount': count(({ law }) => law.jurisdiction === null),
    'meeting.jurisdictions': [
      ...new Set(laws.flatMap(({ law }) => (law.jurisdiction ? [law.jurisdiction.id] : []))),
    ].sort(),
    'meeting.consentRequirement': meetingRequirement(sources.jurisdictions, participants),
    'meeting.consentPageAsksExternal': asksOnConsentPage(policy, { internal: false }, allParty > 0),
    'meeting.consentPageAsksInternal': asksOnConsentPage(policy, { internal: true }, allParty > 0),
  };
}
