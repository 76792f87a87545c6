// @internal: a part of the API's own wiring, not used outside apps/api.
import { IconColor, type MemberReport } from '@capture-doctor/domain';

/** The filters of the team-members page, as read from its query string. */
export interface MemberFilter {
  color: IconColor | null;
  q: string;
}

/**
 * Reads the page's filters; anything unexpected is ignored rather than refused.
 * @example readMemberFilter({ color: 'red', q: 'ada' }) // { color: 'red', q: 'ada' }
 */
export function readMemberFilter(query: Record<string, string | undefined>): MemberFilter {
  const color = IconColor.safeParse(query.color);
  return { color: color.success ? color.data : null, q: (query.q ?? '').trim().slice(0, 200) };
}

/**
 * Keeps members with an icon of the chosen colour whose name or email contains the search text.
 * @example filterMembers(report.members, { color: 'yellow', q: '' }).length
 */
export function filterMembers(
  members: readonly MemberReport[],
  filter: MemberFilter,
): MemberReport[] {
  const needle = filter.q.toLowerCase();
  return members.filter((m) => {
    if (filter.color && !Object.values(m.icons).includes(filter.color)) return false;
    if (!needle) return true;
    return m.email.toLowerCase().includes(needle) || (m.name ?? '').toLowerCase().includes(needle);
  });
}
