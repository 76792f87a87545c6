import type { ConsentFinding, ConsentPolicy, Participant } from '@capture-doctor/domain';
import { compileCondition } from '../compile-condition/compile-condition.js';
import { renderTemplate } from '../templates/templates.js';
import { type ConsentFacts, consentFacts } from './consent-facts.js';
import { participantLaw } from './jurisdictions.js';
import type { ConsentRuleSet } from './load-consent-rules.js';

/** What evaluating a policy for a meeting gives: the facts the rules saw and what fired. */
export interface ConsentEvaluation {
  facts: ConsentFacts;
  findings: ConsentFinding[];
}

/** A consent rule set ready to evaluate many meetings: conditions compiled once. */
export interface ConsentEvaluator {
  ruleSet: ConsentRuleSet;
  evaluate(policy: ConsentPolicy, participants: readonly Participant[]): ConsentEvaluation;
}

/**
 * Compiles the consent rules once; `evaluate` then checks a policy against a meeting's
 * participants. Findings come red first, then by priority (highest first), then by id.
 * @example createConsentEvaluator(loadConsentRules()).evaluate(policy, participants).findings
 */
export function createConsentEvaluator(ruleSet: ConsentRuleSet): ConsentEvaluator {
  const compiled = ruleSet.rules.map((rule) => ({ rule, test: compileCondition(rule.conditions) }));
  return {
    ruleSet,
    evaluate(policy, participants) {
      const facts = consentFacts(policy, participants, ruleSet);
      const values = placeholderValues(ruleSet, policy, participants, facts);
      const findings: ConsentFinding[] = [];
      for (const { rule, test } of compiled) {
        const because = test(facts);
        if (because === null) continue;
        findings.push({
          ruleId: rule.id,
          title: rule.title,
          color: rule.color,
          message: renderTemplate(rule.message, values),
          fix: renderTemplate(rule.fix, values),
          fixBy: rule.fixBy,
          because,
        });
      }
      const rank = (f: ConsentFinding) =>
        ruleSet.rules.find((r) => r.id === f.ruleId)?.priority ?? 0;
      findings.sort(
        (a, b) =>
          Number(b.color === 'red') - Number(a.color === 'red') ||
          rank(b) - rank(a) ||
          a.ruleId.localeCompare(b.ruleId),
      );
      return { facts, findings };
    },
  };
}

function placeholderValues(
  ruleSet: ConsentRuleSet,
  policy: ConsentPolicy,
  participants: readonly Participant[],
  facts: ConsentFacts,
): Record<string, string> {
  const laws = participants.map((p) => ({ p, law: participantLaw(ruleSet.jurisdictions, p) }));
  const names = (test: (x: (typeof laws)[number]) => boolean): string => {
    const list = [...new Set(laws.filter(test).map(({ law }) => law.jurisdiction?.name ?? ''))];
    return list.filter(Boolean).join(', ') || 'none';
  };
  return {
    recorderName: policy.recorderName,
    leadTimeHours: String(policy.noticeEmail.leadTimeHours),
    allPartyJurisdictions: names(({ law }) => law.allParty),
    internalAllPartyJurisdictions: names(({ p, law }) => p.internal && law.allParty),
    disputedJurisdictions: names(({ law }) => law.disputed),
    noticeAtCollectionJurisdictions: names(({ law }) => law.noticeAtCollection),
    unknownJurisdictionCount: String(facts['meeting.unknownJurisdictionCount']),
  };
}
