import {
  captureFactNames,
  consentFactNames,
  factOptions,
  meetingFactNames,
  meetingFactOptions,
} from '@capture-doctor/engine';

/** One readable line per tested fact, nested under "all of" / "any of" groups. */
export type ConditionText =
  | { kind: 'fact'; fact: string; text: string }
  | { kind: 'group'; join: 'all' | 'any'; heading: string; items: ConditionText[] };

/** A json-rules-engine condition tree as rule files write it. */
export type ConditionTree =
  | { fact: string; operator: string; value: unknown }
  | { all: ConditionTree[] }
  | { any: ConditionTree[] };

/** Readable names for facts, operators and values (docs/src/data/vocabulary.json). */
export interface Vocabulary {
  operators: Record<string, string>;
  joins: Record<'all' | 'any', string>;
  values: Record<string, string>;
  facts: Record<string, { label?: string; true?: string; false?: string }>;
  unknownSuffix: string;
  /** Facts whose values are public ids (error codes, providers) the pages show verbatim. */
  shownAsIs: string[];
  placeholders: Record<string, string>;
  consent: {
    requirements: Record<string, string>;
    appliesTo: Record<string, string>;
    fixBy: Record<string, string>;
  };
}

/**
 * Turns a rule's conditions into readable sentences, falling back to the raw fact name for a
 * fact the vocabulary does not know yet.
 * @example describeCondition({ all: [{ fact: 'company.crmConnected', operator: 'equal', value: false }] }, vocabulary)
 * // { kind: 'group', join: 'all', heading: 'All of these are true:', items: [{ kind: 'fact', fact: 'company.crmConnected', text: 'No CRM is connected' }] }
 */
export function describeCondition(condition: ConditionTree, vocabulary: Vocabulary): ConditionText {
  if ('all' in condition) return group('all', condition.all, vocabulary);
  if ('any' in condition) return group('any', condition.any, vocabulary);
  return {
    kind: 'fact',
    fact: condition.fact,
    text: describeTest(condition.fact, condition.operator, condition.value, vocabulary),
  };
}

function group(join: 'all' | 'any', items: ConditionTree[], vocabulary: Vocabulary): ConditionText {
  return {
    kind: 'group',
    join,
    heading: vocabulary.joins[join],
    items: items.map((item) => describeCondition(item, vocabulary)),
  };
}

function describeTest(
  fact: string,
  operator: string,
  value: unknown,
  vocabulary: Vocabulary,
): string {
  const words = vocabulary.facts[fact];
  if (typeof value === 'boolean' && words?.true && words.false) {
    const sentence = (truth: boolean) => (truth ? words.true : words.false) ?? '';
    if (operator === 'equal') return sentence(value);
    if (operator === 'notEqual') return sentence(!value) + vocabulary.unknownSuffix;
  }
  const label = words?.label ?? words?.true ?? fact;
  const op = vocabulary.operators[operator] ?? operator;
  return `${label} ${op} ${describeValue(value, vocabulary)}`;
}

function describeValue(value: unknown, vocabulary: Vocabulary): string {
  if (Array.isArray(value)) return value.map((item) => describeValue(item, vocabulary)).join(', ');
  const key = String(value);
  return vocabulary.values[key] ?? key;
}

/**
 * What the vocabulary has no words for: a fact a capture, consent or meeting rule may read, a
 * truth of a yes/no capture or meeting fact, or a value of an enum one (from the engine's fact
 * tables).
 * @example missingWords(vocabulary) // []
 */
export function missingWords(vocabulary: Vocabulary): string[] {
  const facts = [...captureFactNames, ...consentFactNames, ...meetingFactNames].filter(
    (fact) => !vocabulary.facts[fact],
  );
  const optionsOf = (fact: string) => factOptions(fact) ?? meetingFactOptions(fact) ?? [];
  const options = [...captureFactNames, ...meetingFactNames].flatMap((fact) =>
    optionsOf(fact).flatMap((option) => {
      const known =
        typeof option === 'boolean'
          ? vocabulary.facts[fact]?.[`${option}`]
          : option === null || vocabulary.shownAsIs.includes(fact) || vocabulary.values[option];
      return known ? [] : [`${fact}: ${option}`];
    }),
  );
  return [...facts, ...options];
}
