import type { Because, CaptureSnapshot, Report } from '@capture-doctor/domain';
import type { Engine } from 'json-rules-engine';
import {
  buildReport,
  type EvaluateOptions,
  type FiredRule,
  type MemberOutcome,
  memberOutcome,
} from '../build-report/build-report.js';
import { compileIconBase } from '../create-evaluator/icon-base.js';
import {
  type Facts,
  type FactValue,
  flattenCompanyFacts,
  flattenMemberFacts,
} from '../facts/capture-facts.js';
import type { CaptureRule, CaptureRuleSet } from '../load-rules/load-rules.js';
import { customOperators, operators } from '../operators/operators.js';
import { compileRuleIcons, type RuleIcons } from '../rule-icons/rule-icons.js';

/** The plain way: json-rules-engine run once per member. Kept as the reference for answers. */
export interface BaselineEvaluator {
  evaluateSnapshot(snapshot: CaptureSnapshot, options?: EvaluateOptions): Promise<Report>;
}

interface ResultNode {
  all?: ResultNode[];
  any?: ResultNode[];
  fact?: string;
  operator?: string;
  value?: unknown;
  factResult?: unknown;
  result?: boolean;
}

/**
 * Evaluates with json-rules-engine, one run per member, and rolls up exactly like the
 * project's evaluator. Used by the bench and by the test that proves both agree.
 * @example await createBaselineEvaluator(loadCaptureRules()).evaluateSnapshot(snapshot)
 */
export function createBaselineEvaluator(ruleSet: CaptureRuleSet): BaselineEvaluator {
  const byId = new Map<string, { rule: CaptureRule; iconsOf: RuleIcons }>();
  for (const rule of ruleSet.rules) byId.set(rule.id, { rule, iconsOf: compileRuleIcons(rule) });
  const iconBase = compileIconBase(ruleSet.catalog);
  // Loaded on first use: everything importing the engine package (the CLI's `evaluate` among
  // them) would otherwise pay for loading json-rules-engine it never runs.
  let engine: Promise<Engine> | undefined;

  const outcomeFor = async (facts: Record<string, unknown>): Promise<MemberOutcome> => {
    engine ??= createEngine(ruleSet);
    const { results } = await (await engine).run(facts);
    const fired: FiredRule[] = [];
    for (const result of results) {
      const { rule, iconsOf } = byId.get(String(result.name))!;
      const because = becauseOf(result.conditions as unknown as ResultNode);
      fired.push({ rule, because: because ?? [], icons: iconsOf(facts as Facts) });
    }
    const known = facts as Record<string, FactValue>;
    return memberOutcome(fired, iconBase(known), iconBase.settled(known));
  };

  return {
    async evaluateSnapshot(snapshot, options = {}) {
      const companyFacts = flattenCompanyFacts(snapshot.company);
      const outcomes: MemberOutcome[] = [];
      for (const member of snapshot.members) {
        outcomes.push(await outcomeFor({ ...companyFacts, ...flattenMemberFacts(member) }));
      }
      return buildReport(ruleSet, snapshot, outcomes, options);
    },
  };
}

async function createEngine(ruleSet: CaptureRuleSet): Promise<Engine> {
  const { Engine, Rule } = await import('json-rules-engine');
  const engine = new Engine([], { allowUndefinedFacts: false });
  for (const name of customOperators) {
    const test = operators[name]!;
    engine.addOperator(name, (a: unknown, b: unknown) => test(a as FactValue, b as FactValue));
  }
  for (const rule of ruleSet.rules) {
    engine.addRule(
      new Rule({
        name: rule.id,
        priority: rule.priority,
        conditions: rule.conditions,
        event: rule.event,
      }),
    );
  }
  return engine;
}

function becauseOf(node: ResultNode): Because[] | null {
  if (node.all) {
    const parts = node.all.map(becauseOf);
    return parts.some((part) => part === null) ? null : parts.flatMap((part) => part ?? []);
  }
  if (node.any) {
    const parts = node.any.map(becauseOf).filter((part): part is Because[] => part !== null);
    return parts.length === 0 ? null : parts.flat();
  }
  if (!node.result) return null;
  return [
    {
      fact: String(node.fact),
      operator: String(node.operator),
      expected: node.value,
      actual: node.factResult ?? null,
    },
  ];
}
