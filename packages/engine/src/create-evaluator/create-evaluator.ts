import {
  CaptureSnapshot,
  type CaptureSnapshotInput,
  type MemberFacts,
  type Report,
} from '@capture-doctor/domain';
import {
  buildReport,
  colorIcons,
  compareFired,
  type EvaluateOptions,
  type FiredRule,
  type MemberOutcome,
} from '../build-report/build-report.js';
import { compileCondition, type Facts, factsRead } from '../compile-condition/compile-condition.js';
import type { FactValue } from '../facts/flatten-facts.js';
import {
  flattenCompanyFacts,
  flattenMemberFacts,
  type MemberFactValues,
  memberFactReader,
} from '../facts/flatten-facts.js';
import type { CaptureRuleSet } from '../load-rules/load-rules.js';
import { compileIconBase } from './icon-base.js';

/** Evaluates capture snapshots against a rule set. */
export interface Evaluator {
  /** Validates a snapshot document, then evaluates it. Throws a ZodError on a bad document. */
  evaluate(input: CaptureSnapshotInput | unknown, options?: EvaluateOptions): Report;
  /** Evaluates a snapshot that was already validated with the CaptureSnapshot schema. */
  evaluateSnapshot(snapshot: CaptureSnapshot, options?: EvaluateOptions): Report;
}

/**
 * Builds the project's evaluator. Members rarely differ in the facts rules read, so each
 * distinct combination of member facts is evaluated once per snapshot and shared.
 * @example createEvaluator(loadCaptureRules()).evaluate(snapshot).banners
 */
export function createEvaluator(ruleSet: CaptureRuleSet): Evaluator {
  const compiled = ruleSet.rules.map((rule) => ({ rule, test: compileCondition(rule.conditions) }));
  const iconBase = compileIconBase(ruleSet.catalog);
  const readers = [
    ...new Set([...ruleSet.rules.flatMap((rule) => factsRead(rule.conditions)), ...iconBase.facts]),
  ]
    .filter((name): name is keyof MemberFactValues => name.startsWith('member.'))
    .map(memberFactReader);
  const keyOf = (member: MemberFacts): string => {
    let key = '';
    for (const read of readers) key += `${keyPart(read(member))}\u0001`;
    return key;
  };

  const outcomeFor = (facts: Facts): MemberOutcome => {
    const fired: FiredRule[] = [];
    for (const { rule, test } of compiled) {
      const because = test(facts);
      if (because !== null) fired.push({ rule, because });
    }
    fired.sort(compareFired);
    const base = iconBase(facts);
    return { fired, base, icons: colorIcons(base, fired) };
  };

  const evaluateSnapshot = (snapshot: CaptureSnapshot, options: EvaluateOptions = {}): Report => {
    const companyFacts = flattenCompanyFacts(snapshot.company);
    const cache = new Map<string, MemberOutcome>();
    const outcomes = snapshot.members.map((member: MemberFacts) => {
      const key = keyOf(member);
      let outcome = cache.get(key);
      if (!outcome) {
        outcome = outcomeFor({ ...companyFacts, ...flattenMemberFacts(member) });
        cache.set(key, outcome);
      }
      return outcome;
    });
    return buildReport(ruleSet, snapshot, outcomes, options);
  };

  return {
    evaluateSnapshot,
    evaluate: (input, options) => evaluateSnapshot(CaptureSnapshot.parse(input), options),
  };
}

// Typed so that null, true and the string "null" never share a key.
function keyPart(value: FactValue): string {
  return typeof value === 'string' ? `s${value}` : String(value);
}
