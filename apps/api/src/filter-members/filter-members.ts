// @internal: a part of the API's own wiring, not used outside apps/api.
import {
  type Banner,
  IconColor,
  IconName,
  type MemberIcons,
  type MemberReport,
} from '@capture-doctor/domain';

/** The filters of the members list and the team-members page, as read from a query string. */
export interface MemberFilter {
  /** Alone: the member's worst colour, as the summary counts them. With `icon`: that icon's. */
  color: IconColor | null;
  icon?: IconName | null;
  q: string;
  /** only the members a banner counts: the rule id of the banner */
  rule?: string | null;
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
  const rule = /^[a-z0-9-]{1,100}$/.test(query.rule ?? '') ? query.rule : null;
  return {
    color: color.success ? color.data : null,
    icon: icon.success ? icon.data : null,
    q: (query.q ?? '').trim().slice(0, 200),
    ...(rule ? { rule } : {}),
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
 * The test of every filter, the banner's included: with `rule`, only the members that rule's
 * banner counts (none when the report shows no such banner), so a banner's count and the list
 * under it always agree, acknowledgements included.
 * @example members.filter(memberMatcher({ color: null, q: '', rule: 'members-not-connected' }, report.banners))
 */
export function memberMatcher(
  filter: MemberFilter,
  banners: readonly Banner[],
): (member: MemberReport) => boolean {
  if (!filter.rule) return (member) => memberMatches(member, filter);
  const counted = new Set(banners.find((b) => b.ruleId === filter.rule)?.memberIds ?? []);
  return (member) => counted.has(member.id) && memberMatches(member, filter);
}

/**
 * Keeps the members that pass the filters (see memberMatcher), in the order given.
 * @example filterMembers(report.members, { color: 'yellow', q: '' }, report.banners).length
 */
export function filterMembers(
  members: readonly MemberReport[],
  filter: MemberFilter,
  banners: readonly Banner[] = [],
): MemberReport[] {
  return members.filter(memberMatcher(filter, banners));
}
