import type { ConsentPolicy, Participant } from '@capture-doctor/domain';

/**
 * Whether the policy shows a participant the consent page. All-party law of any participant
 * reaches the whole conversation, so with the audience `all_party_jurisdictions` everyone is
 * asked once `meetingIsAllParty`; team members are left out only when the policy records that
 * the company's own notice covers them.
 * @example asksOnConsentPage(policy, { internal: false }, true) // true for every audience while the page is on
 */
export function asksOnConsentPage(
  policy: ConsentPolicy,
  participant: Pick<Participant, 'internal'>,
  meetingIsAllParty: boolean,
): boolean {
  if (!policy.consentPage.enabled) return false;
  switch (policy.consentPage.audience) {
    case 'everyone':
      return true;
    case 'external':
      return !participant.internal;
    case 'all_party_jurisdictions':
      if (!meetingIsAllParty) return false;
      return !participant.internal || policy.staffCoveredByCompanyNotice !== true;
  }
}
