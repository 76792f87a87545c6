import type { Participant } from '@capture-doctor/domain';
import { type JurisdictionsFile, loadConsentRules, participantLaw } from '@capture-doctor/engine';

let jurisdictions: JurisdictionsFile | undefined;

/**
 * Whether the participant's jurisdiction asks for the consent of every party, from
 * rules/consent/jurisdictions.json (read once): what the consent machine is told per participant.
 * @example isAllParty({ jurisdiction: 'US-CA', joinsByPhone: false }) // true
 */
export function isAllParty(
  participant: Pick<Participant, 'jurisdiction' | 'joinsByPhone'>,
): boolean {
  jurisdictions ??= loadConsentRules().jurisdictions;
  return participantLaw(jurisdictions, participant).allParty;
}
