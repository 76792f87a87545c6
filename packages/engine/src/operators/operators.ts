import { ErrorGroup, errorGroups } from '@capture-doctor/domain';
import type { FactValue } from '../facts/capture-facts.js';

type OperatorFn = (factValue: FactValue, value: FactValue) => boolean;

// json-rules-engine's own check: anything parseFloat can read counts as a number.
// A number fact (the usual case) is answered without the string round trip, with the same answer.
const isNumber = (x: FactValue): boolean =>
  typeof x === 'number' ? !Number.isNaN(x) : Number.parseFloat(String(x)).toString() !== 'NaN';
const asList = (x: FactValue): readonly unknown[] => (Array.isArray(x) ? x : []);
// A group name or a list of them, as the domain defines the groups: rules never copy codes.
const codesOfGroups = (groups: FactValue): readonly unknown[] =>
  [groups].flat().flatMap((group) => {
    const parsed = ErrorGroup.safeParse(group);
    return parsed.success ? errorGroups[parsed.data] : [];
  });

/**
 * Operator semantics, written to match json-rules-engine 7's built-in operators exactly
 * (its number operators refuse non-numbers; `contains` needs an array fact), plus `anyNotIn`,
 * `inErrorGroup` and `notInErrorGroup` (an error code in or outside the domain's code groups),
 * which the engine also registers in json-rules-engine so both evaluators agree.
 * @example operators.in('denied', ['denied', 'error']) // true
 */
export const operators: Record<string, OperatorFn> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  in: (a, b) => asList(b).indexOf(a) > -1,
  notIn: (a, b) => asList(b).indexOf(a) === -1,
  contains: (a, b) => Array.isArray(a) && a.indexOf(b as string) > -1,
  doesNotContain: (a, b) => Array.isArray(a) && a.indexOf(b as string) === -1,
  lessThan: (a, b) => isNumber(a) && (a as number) < (b as number),
  lessThanInclusive: (a, b) => isNumber(a) && (a as number) <= (b as number),
  greaterThan: (a, b) => isNumber(a) && (a as number) > (b as number),
  greaterThanInclusive: (a, b) => isNumber(a) && (a as number) >= (b as number),
  anyNotIn: (a, b) => Array.isArray(a) && a.some((item) => asList(b).indexOf(item) === -1),
  inErrorGroup: (a, b) => codesOfGroups(b).indexOf(a) > -1,
  notInErrorGroup: (a, b) => codesOfGroups(b).indexOf(a) === -1,
};

/** Operators json-rules-engine does not ship and the engine registers itself. */
export const customOperators = ['anyNotIn', 'inErrorGroup', 'notInErrorGroup'] as const;
