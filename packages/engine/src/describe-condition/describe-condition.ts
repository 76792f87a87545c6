import type { Catalog } from '../catalog/catalog.js';
import type { Condition, TopCondition } from '../conditions/conditions.js';

/** A condition tree in words: a sentence per leaf, grouped by all/any. */
export type DescribedCondition =
  | { kind: 'fact'; fact: string; text: string }
  | { kind: 'all' | 'any'; items: DescribedCondition[] };

/**
 * Puts a rule's conditions into words with the catalog's fact names and operator phrases,
 * e.g. "recording is switched on for the member: yes".
 * @example describeCondition(rule.conditions, catalog)
 */
export function describeCondition(
  condition: TopCondition | Condition,
  catalog: Catalog,
): DescribedCondition {
  if ('all' in condition)
    return { kind: 'all', items: condition.all.map((c) => describeCondition(c, catalog)) };
  if ('any' in condition)
    return { kind: 'any', items: condition.any.map((c) => describeCondition(c, catalog)) };
  const label = catalog.facts[condition.fact] ?? condition.fact;
  const phrase = catalog.operators[condition.operator] ?? condition.operator;
  const word = (value: unknown): string =>
    catalog.values[String(value)] ??
    (typeof value === 'string' ? value.replaceAll('_', ' ') : String(value));
  const value = Array.isArray(condition.value)
    ? condition.value.map(word).join(', ')
    : word(condition.value);
  return { kind: 'fact', fact: condition.fact, text: `${label} ${phrase} ${value}` };
}

/**
 * The described tree as indented plain text lines ("all of:", "any of:").
 * @example describedLines(describeCondition(rule.conditions, catalog)).join('\n')
 */
export function describedLines(described: DescribedCondition, depth = 0): string[] {
  const pad = '  '.repeat(depth);
  if (described.kind === 'fact') return [`${pad}- ${described.text}`];
  const head = `${pad}${described.kind === 'all' ? 'all of:' : 'any of:'}`;
  return [head, ...described.items.flatMap((item) => describedLines(item, depth + 1))];
}
