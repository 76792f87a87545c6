import {
  CaptureSnapshot,
  type CaptureSnapshotInput,
  type MemberFacts,
  type Report,
} from '@capture-doctor/domain';
import {
  buildReport,
  type EvaluateOptions,
  type FiredRule,
  type MemberOutcome,
  memberOutcome,
} from '../build-report/build-report.js';
import { compileCondition, factsRead } from '../compile-condition/compile-condition.js';
import {
  type Facts,
  type FactValue,
  flattenCompanyFacts,
  flattenMemberFacts,
  isMemberFact,
  memberFactTable,
} from '../facts/capture-facts.js';
import type { CaptureRuleSet } from '../load-rules/load-rules.js';
import { compileRuleIcons, iconFactsRead } from '../rule-icons/rule-icons.js';
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
  const compiled = ruleSet.rules.map((rule) => ({
    rule,
    test: compileCondition(rule.conditions),
    iconsOf: compileRuleIcons(rule),
  }));
  const iconBase = compileIconBase(ruleSet.catalog);
  const readers = [
    ...new Set([
      ...ruleSet.rules.flatMap((rule) => [...factsRead(rule.conditions), ...iconFactsRead(rule)]),
      ...iconBase.facts,
    ]),
  ]
    .filter(isMemberFact)
    .map((name) => memberFactTable[name].read);

  const outcomeFor = (facts: Facts): MemberOutcome => {
    const fired: FiredRule[] = [];
    for (const { rule, test, iconsOf } of compiled) {
      const because = test(facts);
      if (because !== null) fired.push({ rule, because, icons: iconsOf(facts) });
    }
    return memberOutcome(fired, iconBase(facts), iconBase.settled(facts));
  };

  const evaluateSnapshot = (snapshot: CaptureSnapshot, options: EvaluateOptions = {}): Report => {
    const companyFacts = flattenCompanyFacts(snapshot.company);
    // A trie of Maps keyed by each fact value in turn: no key string is built per member.
    const cache: OutcomeTrie = new Map();
    const last = readers.length - 1;
    const outcomes = snapshot.members.map((member: MemberFacts) => {
      let node = cache;
      for (let i = 0; i < last; i++) {
        const value = readers[i]!(member);
        let next = node.get(value) as OutcomeTrie | undefined;
        if (next === undefined) {
          next = new Map();
          node.set(value, next);
        }
        node = next;
      }
      const leaf = last >= 0 ? readers[last]!(member) : null;
      let outcome = node.get(leaf) as MemberOutcome | undefined;
      if (outcome === undefined) {
        outcome = outcomeFor({ ...companyFacts, ...flattenMemberFacts(member) });
        node.set(leaf, outcome);
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

type OutcomeTrie = Map<FactValue, OutcomeTrie | MemberOutcome>;
