import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { factsRead } from '../compile-condition/compile-condition.js';
import {
  type JurisdictionsFile,
  JurisdictionsFile as JurisdictionsSchema,
} from '../consent-rules/jurisdictions.js';
import { loadRuleFolders, readJsonFile, rulesRoot } from '../load-rules/load-rules.js';
import { RuleLoadError } from '../rule-load-error/rule-load-error.js';
import { findTemplateProblem } from '../templates/templates.js';
import { type ConferencingFile, ConferencingFile as ConferencingSchema } from './conferencing.js';
import { MeetingCasesFile } from './meeting-cases-file.js';
import { meetingFactNames } from './meeting-facts.js';
import {
  type MeetingRuleFile,
  meetingPlaceholders,
  MeetingRuleFile as Schema,
} from './meeting-rule-file.js';

/** A meeting rule as loaded: the validated file plus where it came from. */
export type MeetingRule = MeetingRuleFile & { file: string; dir: string; cases: MeetingCasesFile };

/** rules/meetings as loaded: the rules (sorted by id) and the data files their facts rely on. */
export interface MeetingRuleSet {
  dir: string;
  rules: MeetingRule[];
  conferencing: ConferencingFile;
  /** rules/consent/jurisdictions.json: the participants' law. */
  jurisdictions: JurisdictionsFile;
}

/**
 * Loads and validates rules/meetings: every rule folder with its cases.json, conferencing.json,
 * and the consent rules' jurisdictions.json. Throws a RuleLoadError naming the file and field.
 * @example loadMeetingRules().rules.map((r) => r.id)
 */
export function loadMeetingRules(
  dir: string = join(rulesRoot(), 'meetings'),
  jurisdictionsFile: string = join(rulesRoot(), 'consent', 'jurisdictions.json'),
): MeetingRuleSet {
  const conferencing = readJsonFile(join(dir, 'conferencing.json'), ConferencingSchema);
  const jurisdictions = readJsonFile(jurisdictionsFile, JurisdictionsSchema);
  const rules = loadRuleFolders(dir, Schema).map(({ dir: ruleDir, file, rule }) => {
    checkRule(file, rule);
    const casesPath = join(ruleDir, 'cases.json');
    if (!existsSync(casesPath)) throw new RuleLoadError(shown(casesPath), '(file)', 'missing');
    return { ...rule, file, dir: ruleDir, cases: readJsonFile(casesPath, MeetingCasesFile) };
  });
  const ids = new Set(rules.map((r) => r.id));
  for (const rule of rules) {
    const missing = rule.docs.related.find((id) => !ids.has(id));
    if (missing) throw new RuleLoadError(shown(rule.file), 'docs.related', `no rule "${missing}"`);
    const unstepped = rule.providers.find((provider) => rule.docs.steps[provider] === undefined);
    if (unstepped)
      throw new RuleLoadError(shown(rule.file), 'docs.steps', `no steps for ${unstepped}`);
  }
  return { dir, rules, conferencing, jurisdictions };
}

function checkRule(file: string, rule: MeetingRuleFile): void {
  const known = new Set<string>(meetingFactNames);
  const unknown = factsRead(rule.conditions).find((name) => !known.has(name));
  if (unknown) {
    throw new RuleLoadError(
      shown(file),
      'conditions',
      `unknown fact "${unknown}"; known facts: ${meetingFactNames.join(', ')}`,
    );
  }
  for (const field of ['message', 'fix'] as const) {
    const problem = findTemplateProblem(rule[field], meetingPlaceholders);
    if (problem) throw new RuleLoadError(shown(file), field, problem);
  }
}

function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}
