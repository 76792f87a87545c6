// @internal: a part of the API's own wiring, not used outside apps/api.
import { IconColor, IconName, type MemberIcons, type MemberReport } from '@capture-doctor/domain';

/** The filters of the members list and the team-members page, as read from a query string. */
export interface MemberFilter {
  /** Alone: the member's worst colour, as the summary counts them. With `icon`: that icon's. */
  color: IconColor | null;
  icon?: IconName | null;
  q: string;
}

// IconColor lists the colours from mildest to worst, so its order is the ranking.
const RANK = new Map(IconColor.options.map((color, rank) => [color, rank]));

/**
 * The worst colour among a member's icons: the colour the summary counts the member under.
 * @example worstColor({ microphone: 'green', calendar: 'red', email: 'off' }) // 'red'
 */
export function worstColor(icons: MemberIcons): IconColor {
  let worst: IconColor = 'off';
  for (const icon of IconName.options) {
    if (RANK.get(icons[icon])! > RANK.get(worst)!) worst = icons[icon];
  }
  return worst;
}

/**
 * How bad a colour is, from 0 (off) to 4 (red).
 * @example colorRank('yellow') // 3
 */
export function colorRank(color: IconColor): number {
  return RANK.get(color)!;
}

/**
 * Reads the page's filters; anything unexpected is ignored rather than refused.
 * @example readMemberFilter({ color: 'red', q: 'ada' }) // { color: 'red', icon: null, q: 'ada' }
 */
export function readMemberFilter(query: Record<string, string | undefined>): MemberFilter {
  const color = IconColor.safeParse(query.color);
  const icon = IconName.safeParse(query.icon);
  return {
    color: color.success ? color.data : null,
    icon: icon.success ? icon.data : null,
    q: (query.q ?? '').trim().slice(0, 200),
  };
}

/**
 * Whether a member passes the filters: the colour (worst, or the one icon's) and the search
 * text in the name or email, without regard to case.
 * @example memberMatches(member, { color: 'yellow', icon: 'calendar', q: '' })
 */
export function memberMatches(member: MemberReport, filter: MemberFilter): boolean {
  if (filter.color) {
    const color = filter.icon ? member.icons[filter.icon] : worstColor(member.icons);
    if (color !== filter.color) return false;
  }
  const needle = filter.q.toLowerCase();
  if (!needle) return true;
  return (
    member.email.toLowerCase().includes(needle) ||
    (member.name ?? '').toLowerCase().includes(needle)
  );
}

/**
 * Keeps the members that pass the filters (see memberMatches), in the order given.
 * @example filterMembers(report.members, { color: 'yellow', q: '' }).length
 */
export function filterMembers(
  members: readonly MemberReport[],
  filter: MemberFilter,
): MemberReport[] {
  return members.filter((m) => memberMatches(m, filter));
}
