import type { Because } from '@capture-doctor/domain';
import type { Condition, TopCondition } from '../conditions/conditions.js';
import type { Facts } from '../facts/capture-facts.js';
import { operators } from '../operators/operators.js';

/** A compiled condition: the facts that made it hold, or null when it does not hold. */
export type CompiledCondition = (facts: Facts) => Because[] | null;

/**
 * Compiles a json-rules-engine condition tree into a plain function.
 * `because` lists, depth first, every leaf that held inside the branches that made the tree hold.
 * @example compileCondition({ all: [{ fact: 'member.inScope', operator: 'equal', value: true }] })({ 'member.inScope': true })
 */
export function compileCondition(condition: TopCondition | Condition): CompiledCondition {
  if ('all' in condition) {
    const parts = condition.all.map(compileCondition);
    return (facts) => {
      const because: Because[] = [];
      for (const part of parts) {
        const result = part(facts);
        if (result === null) return null;
        because.push(...result);
      }
      return because;
    };
  }
  if ('any' in condition) {
    const parts = condition.any.map(compileCondition);
    return (facts) => {
      let because: Because[] | null = null;
      for (const part of parts) {
        const result = part(facts);
        if (result !== null) because = because === null ? result : [...because, ...result];
      }
      return because;
    };
  }
  const { fact, operator, value } = condition;
  const test = operators[operator];
  if (!test) throw new Error(`unknown operator "${operator}"`);
  return (facts) => {
    const actual = facts[fact] ?? null;
    return test(actual, value) ? [{ fact, operator, expected: value, actual }] : null;
  };
}

/**
 * The fact names a condition tree reads, in first-seen order.
 * @example factsRead({ any: [{ fact: 'company.health', operator: 'equal', value: 'ok' }] }) // ['company.health']
 */
export function factsRead(condition: TopCondition | Condition): string[] {
  const names = new Set<string>();
  const walk = (c: TopCondition | Condition): void => {
    if ('all' in c) c.all.forEach(walk);
    else if ('any' in c) c.any.forEach(walk);
    else names.add(c.fact);
  };
  walk(condition);
  return [...names];
}
