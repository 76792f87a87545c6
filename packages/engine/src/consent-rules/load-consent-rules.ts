import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { factsRead } from '../compile-condition/compile-condition.js';
import { loadRuleFolders, readJsonFile, rulesRoot } from '../load-rules/load-rules.js';
import { RuleLoadError } from '../rule-load-error/rule-load-error.js';
import { findTemplateProblem } from '../templates/templates.js';
import { ConsentCasesFile } from './consent-cases-file.js';
import { consentFactNames } from './consent-facts.js';
import {
  type ConsentRuleFile,
  consentPlaceholders,
  ConsentRuleFile as Schema,
} from './consent-rule-file.js';
import {
  type JurisdictionsFile,
  JurisdictionsFile as JurisdictionsSchema,
} from './jurisdictions.js';
import { RecorderNameWords } from './recorder-name.js';

/** A consent rule as loaded: the validated file plus where it came from. */
export type ConsentRule = ConsentRuleFile & { file: string; dir: string; cases: ConsentCasesFile };

/** rules/consent as loaded: the rules (sorted by id) and the data files they rely on. */
export interface ConsentRuleSet {
  dir: string;
  rules: ConsentRule[];
  jurisdictions: JurisdictionsFile;
  recorderNameWords: string[];
}

/**
 * Loads and validates rules/consent: every rule folder with its cases.json, jurisdictions.json
 * and recorder-name-words.json. Throws a RuleLoadError naming the file and the field.
 * @example loadConsentRules().rules.map((r) => r.id)
 */
export function loadConsentRules(dir: string = join(rulesRoot(), 'consent')): ConsentRuleSet {
  const jurisdictions = readJsonFile(join(dir, 'jurisdictions.json'), JurisdictionsSchema);
  const words = readJsonFile(join(dir, 'recorder-name-words.json'), RecorderNameWords);
  const rules = loadRuleFolders(dir, Schema).map(({ dir: ruleDir, file, rule }) => {
    checkRule(file, rule);
    const casesPath = join(ruleDir, 'cases.json');
    if (!existsSync(casesPath)) throw new RuleLoadError(shown(casesPath), '(file)', 'missing');
    return { ...rule, file, dir: ruleDir, cases: readJsonFile(casesPath, ConsentCasesFile) };
  });
  const ids = new Set(rules.map((r) => r.id));
  for (const rule of rules) {
    const missing = rule.docs.related.find((id) => !ids.has(id));
    if (missing) throw new RuleLoadError(shown(rule.file), 'docs.related', `no rule "${missing}"`);
  }
  return { dir, rules, jurisdictions, recorderNameWords: words.words };
}

function checkRule(file: string, rule: ConsentRuleFile): void {
  const known = new Set<string>(consentFactNames);
  const unknown = factsRead(rule.conditions).find((name) => !known.has(name));
  if (unknown) {
    throw new RuleLoadError(
      shown(file),
      'conditions',
      `unknown fact "${unknown}"; known facts: ${consentFactNames.join(', ')}`,
    );
  }
  for (const field of ['message', 'fix'] as const) {
    const problem = findTemplateProblem(rule[field], consentPlaceholders);
    if (problem) throw new RuleLoadError(shown(file), field, problem);
  }
}

function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}
