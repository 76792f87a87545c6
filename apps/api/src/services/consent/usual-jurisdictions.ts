import type { Participant } from '@capture-doctor/domain';
import type { Store } from '@capture-doctor/store';

/** Where a company's meetings usually reach, and what said so. */
export interface UsualJurisdictions {
  jurisdictions: string[];
  /** `configured`: the list the compliance role keeps; `none`: nothing says yet. */
  source: 'configured' | 'none';
}

/**
 * The jurisdictions approval checks a draft against: the list the company's compliance role
 * keeps (`PUT .../consent-policy/usual-jurisdictions`).
 * @example (await usualJurisdictions(store, 'acme')).jurisdictions // ['DE', 'US-CA']
 */
export async function usualJurisdictions(
  store: Pick<Store, 'usualJurisdictions'>,
  companyId: string,
): Promise<UsualJurisdictions> {
  const configured = await store.usualJurisdictions.list(companyId);
  return { jurisdictions: configured, source: configured.length > 0 ? 'configured' : 'none' };
}

/**
 * The meeting approval plays the draft through: in every usual jurisdiction a team member and a
 * guest, so that a rule firing for either (all-party law reaching staff, notice to guests) shows.
 * @example usualParticipants(['DE']) // [{ id: 'internal-DE', internal: true, ... }, { id: 'external-DE', ... }]
 */
export function usualParticipants(jurisdictions: readonly string[]): Participant[] {
  return jurisdictions.flatMap((jurisdiction) =>
    [true, false].map((internal) => ({
      id: `${internal ? 'internal' : 'external'}-${jurisdiction}`,
      internal,
      jurisdiction,
      joinsByPhone: false,
    })),
  );
}
