import type { IconName } from '@capture-doctor/domain';
import { compileCondition, factsRead } from '../compile-condition/compile-condition.js';
import type { Facts } from '../facts/capture-facts.js';
import type { CaptureRule } from '../load-rules/load-rules.js';

/** The icons a fired rule colours for one member's facts. */
export type RuleIcons = (facts: Facts) => IconName[];

/**
 * Compiles a rule's `icons` and `iconsWhen`: an icon with a condition in `iconsWhen` is coloured
 * only when that condition holds, so a mailbox failure leaves the calendar icon alone.
 * @example compileRuleIcons(rule)(facts) // ['microphone', 'email']
 */
export function compileRuleIcons(rule: CaptureRule): RuleIcons {
  const when = rule.iconsWhen ?? {};
  const parts = rule.icons.map((icon) => {
    const condition = when[icon];
    return { icon, test: condition ? compileCondition(condition) : null };
  });
  // Most rules colour the same icons whatever the facts: one shared list, no work per member.
  if (parts.every((part) => part.test === null)) return () => rule.icons;
  return (facts) =>
    parts.filter(({ test }) => test === null || test(facts) !== null).map(({ icon }) => icon);
}

/**
 * The facts a rule's `iconsWhen` reads.
 * @example iconFactsRead(rule) // ['member.access.calendar', 'member.calendarError.code']
 */
export function iconFactsRead(rule: CaptureRule): string[] {
  return Object.values(rule.iconsWhen ?? {}).flatMap((condition) => factsRead(condition));
}
