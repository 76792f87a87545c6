import type { Participant } from '@capture-doctor/domain';
import type { Store } from '@capture-doctor/store';

/** Where a company's meetings usually reach, and what said so. */
export interface UsualJurisdictions {
  jurisdictions: string[];
  /**
   * `meetings`: the participants of the company's meetings of the last 90 days and ahead, and
   * its jurisdiction map; `configured`: the list its compliance role keeps; `none`: nothing yet.
   */
  source: 'meetings' | 'configured' | 'none';
}

const LOOK_BACK_MS = 90 * 24 * 3_600_000;

/**
 * The jurisdictions approval checks a draft against: those of the company's recent and upcoming
 * meetings' participants and of its jurisdiction map when there are any; else the list the
 * compliance role keeps (`PUT .../consent-policy/usual-jurisdictions`).
 * @example (await usualJurisdictions(store, 'acme', new Date())).jurisdictions // ['DE', 'US-CA']
 */
export async function usualJurisdictions(
  store: Pick<Store, 'usualJurisdictions' | 'meetings' | 'jurisdictionMap'>,
  companyId: string,
  now: Date,
): Promise<UsualJurisdictions> {
  const from = new Date(now.getTime() - LOOK_BACK_MS).toISOString();
  const meetings = await store.meetings.list(companyId, { from, limit: 1000 });
  const map = await store.jurisdictionMap.get(companyId);
  const seen = new Set<string>(Object.values(map));
  for (const meeting of meetings)
    for (const p of meeting.participants) if (p.jurisdiction) seen.add(p.jurisdiction);
  if (seen.size > 0) return { jurisdictions: [...seen].sort(), source: 'meetings' };
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
