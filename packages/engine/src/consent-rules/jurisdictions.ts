import type { Participant } from '@capture-doctor/domain';
import { z } from 'zod';

/** What a jurisdiction asks before a conversation may be recorded. */
export const ConsentRequirement = z.enum(['all_party', 'one_party', 'disputed', 'varies']);
export type ConsentRequirement = z.infer<typeof ConsentRequirement>;

export const Jurisdiction = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  name: z.string().min(2),
  codes: z
    .array(z.string().regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'an ISO 3166 code such as US-CA or DE'))
    .min(1),
  consent: ConsentRequirement,
  appliesTo: z
    .enum(['all_conversations', 'phone_calls'])
    .describe('phone_calls: the all-party rule covers only participants who join by phone'),
  noticeAtCollection: z
    .boolean()
    .describe('data-protection law requires telling people about the recording when it happens'),
  protectsSpokenWord: z
    .boolean()
    .optional()
    .describe(
      'criminal law protects the non-public spoken word, so recording needs every speaker’s consent; treated as all_party',
    ),
  summary: z.string().min(20),
  sources: z.array(z.strictObject({ title: z.string().min(5), url: z.url() })).min(1),
});
export type Jurisdiction = z.infer<typeof Jurisdiction>;

/** `rules/consent/jurisdictions.json`: recording-consent law per jurisdiction, with sources. */
export const JurisdictionsFile = z
  .strictObject({
    $schema: z.string().optional(),
    notice: z.string().regex(/not legal advice/i, 'must say that it is not legal advice'),
    reviewedOn: z.iso.date(),
    jurisdictions: z.array(Jurisdiction).min(1),
  })
  .superRefine((file, ctx) => {
    const seen = new Map<string, string>();
    file.jurisdictions.forEach((j, index) => {
      for (const code of j.codes) {
        const other = seen.get(code);
        if (other) {
          ctx.addIssue({
            code: 'custom',
            path: ['jurisdictions', index, 'codes'],
            message: `code ${code} is already listed under ${other}`,
          });
        }
        seen.set(code, j.id);
      }
    });
  });
export type JurisdictionsFile = z.infer<typeof JurisdictionsFile>;

/** How one participant's jurisdiction bears on recording them. */
export interface ParticipantLaw {
  jurisdiction: Jurisdiction | null;
  /** What this participant's law asks of this meeting; null when the jurisdiction is unknown. */
  requirement: ConsentRequirement | null;
  allParty: boolean;
  disputed: boolean;
  noticeAtCollection: boolean;
}

// Laxest first: the strictest requirement among a meeting's participants is the meeting's.
const strictness: readonly ConsentRequirement[] = ['one_party', 'varies', 'disputed', 'all_party'];

/**
 * How strict a requirement is, for comparing; an unknown jurisdiction (null) ranks lowest here
 * because the rules flag unknown jurisdictions on their own.
 * @example requirementRank('all_party') > requirementRank('one_party') // true
 */
export function requirementRank(requirement: ConsentRequirement | null): number {
  return requirement === null ? -1 : strictness.indexOf(requirement);
}

/**
 * The strictest consent requirement among a meeting's participants: one all-party participant
 * makes the whole conversation all-party. Null when no participant's jurisdiction is known.
 * @example meetingRequirement(file, [{ jurisdiction: 'US-TX' }, { jurisdiction: 'US-CA' }]) // 'all_party'
 */
export function meetingRequirement(
  file: JurisdictionsFile,
  participants: readonly Pick<Participant, 'jurisdiction' | 'joinsByPhone'>[],
): ConsentRequirement | null {
  let strictest: ConsentRequirement | null = null;
  for (const participant of participants) {
    const { requirement } = participantLaw(file, participant);
    if (requirementRank(requirement) > requirementRank(strictest)) strictest = requirement;
  }
  return strictest;
}

/**
 * The entry that covers an ISO 3166 code: the exact code first (US-CA), then its country (US).
 * @example findJurisdiction(file, 'US-PR')?.id // 'us-federal' (no entry of its own)
 */
export function findJurisdiction(
  file: JurisdictionsFile,
  code: string | null,
): Jurisdiction | null {
  if (code === null) return null;
  const country = code.split('-')[0] ?? code;
  const exact = file.jurisdictions.find((j) => j.codes.includes(code));
  return exact ?? file.jurisdictions.find((j) => j.codes.includes(country)) ?? null;
}

/**
 * What the jurisdictions file says about one participant. Criminal law protecting the
 * non-public spoken word counts as all-party; Nevada's all-party rule covers only participants
 * who join by phone (the others fall back to one party's consent).
 * @example participantLaw(file, { jurisdiction: 'US-CA', joinsByPhone: false }).allParty // true
 */
export function participantLaw(
  file: JurisdictionsFile,
  participant: Pick<Participant, 'jurisdiction' | 'joinsByPhone'>,
): ParticipantLaw {
  const jurisdiction = findJurisdiction(file, participant.jurisdiction);
  if (!jurisdiction) {
    return {
      jurisdiction,
      requirement: null,
      allParty: false,
      disputed: false,
      noticeAtCollection: false,
    };
  }
  const covered = jurisdiction.appliesTo === 'all_conversations' || participant.joinsByPhone;
  const allPartyLaw = jurisdiction.consent === 'all_party' || jurisdiction.protectsSpokenWord;
  const allParty = allPartyLaw === true && covered;
  const laxer = jurisdiction.consent === 'all_party' ? 'one_party' : jurisdiction.consent;
  return {
    jurisdiction,
    requirement: allParty ? 'all_party' : laxer,
    allParty,
    disputed: jurisdiction.consent === 'disputed',
    noticeAtCollection: jurisdiction.noticeAtCollection,
  };
}
