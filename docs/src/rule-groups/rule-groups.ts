/** The parts of a capture rule the index pages group by. */
export interface GroupableRule {
  id: string;
  title: string;
  icons: string[];
  color: string;
  providers: string[];
  fixBy: string[];
  scope: string;
  banner?: unknown;
}

/** Rules sharing one key (an icon and colour, a provider, a fixer), in a stable order. */
export interface RuleGroup<R> {
  key: string;
  rules: R[];
}

/**
 * Groups rules under every `icon/colour` pair they can show, in the order of the given icons
 * and colours (the catalog's), leaving out empty pairs.
 * @example groupByIconAndColor(rules, ['microphone'], ['yellow', 'red'])[0].key // 'microphone/yellow'
 */
export function groupByIconAndColor<R extends GroupableRule>(
  rules: R[],
  icons: string[],
  colors: string[],
): RuleGroup<R>[] {
  return icons.flatMap((icon) =>
    colors
      .map((color) => ({
        key: `${icon}/${color}`,
        rules: sorted(rules.filter((rule) => rule.icons.includes(icon) && rule.color === color)),
      }))
      .filter((group) => group.rules.length > 0),
  );
}

/**
 * Groups rules by one of their list fields (providers or fixBy), keys in the given order.
 * @example groupByField(rules, 'providers', ['google_workspace', 'microsoft_365'])[1].key // 'microsoft_365'
 */
export function groupByField<R extends GroupableRule>(
  rules: R[],
  field: 'providers' | 'fixBy',
  keys: string[],
): RuleGroup<R>[] {
  return keys
    .map((key) => ({ key, rules: sorted(rules.filter((rule) => rule[field].includes(key))) }))
    .filter((group) => group.rules.length > 0);
}

/**
 * Red before yellow (the worse first), then by title, so a list reads from the most urgent.
 * @example sorted([{ color: 'yellow', title: 'B' }, { color: 'red', title: 'A' }])[0].color // 'red'
 */
export function sorted<R extends Pick<GroupableRule, 'color' | 'title'>>(rules: R[]): R[] {
  const rank = (color: string) => (color === 'red' ? 0 : 1);
  return [...rules].sort((a, b) => rank(a.color) - rank(b.color) || a.title.localeCompare(b.title));
}
