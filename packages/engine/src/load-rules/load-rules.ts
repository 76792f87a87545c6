import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatIssues } from '@capture-doctor/domain';
import type { z } from 'zod';
import { type Catalog, Catalog as CatalogSchema } from '../catalog/catalog.js';
import { factsRead } from '../compile-condition/compile-condition.js';
import { captureFactNames } from '../facts/capture-facts.js';
import { type RuleFile, RuleFile as RuleFileSchema } from '../rule-file/rule-file.js';
import { RuleLoadError } from '../rule-load-error/rule-load-error.js';
import {
  bannerPlaceholders,
  findTemplateProblem,
  memberPlaceholders,
} from '../templates/templates.js';

/** A rule as loaded: the validated file plus where it came from. */
export type CaptureRule = RuleFile & { file: string; dir: string };

/** Everything the evaluator needs: the rules (sorted by id) and the catalog. */
export interface CaptureRuleSet {
  dir: string;
  rules: CaptureRule[];
  catalog: Catalog;
}

/** A rule folder as read by {@link loadRuleFolders}, before any kind-specific checks. */
export interface RuleFolder<T> {
  id: string;
  dir: string;
  file: string;
  rule: T;
}

/**
 * The repository's rules/ folder, found from this module's location (src/ or dist/), unless
 * CAPTURE_DOCTOR_RULES_DIR points elsewhere.
 * @example rulesRoot() // "/srv/capture-doctor/rules"
 */
export function rulesRoot(): string {
  const fromEnv = process.env.CAPTURE_DOCTOR_RULES_DIR;
  if (fromEnv) return fromEnv;
  return fileURLToPath(new URL('../../../../rules', import.meta.url));
}

/**
 * Reads and validates a JSON file against a schema; a problem names the file and the field.
 * @example readJsonFile('rules/capture/catalog.json', Catalog)
 */
export function readJsonFile<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  const shown = displayPath(file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new RuleLoadError(shown, '(root)', `not valid JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const [first] = formatIssues(parsed.error.issues);
    throw new RuleLoadError(shown, first?.path ?? '(root)', first?.message ?? 'invalid');
  }
  return parsed.data;
}

/**
 * Loads every `<dir>/<id>/rule.json` with the given schema, checking that `id` and
 * `event.type` equal the folder name. Folders are returned sorted by id.
 * @example loadRuleFolders('rules/consent', ConsentRuleFile)
 */
export function loadRuleFolders<S extends z.ZodType<{ id: string; event: { type: string } }>>(
  dir: string,
  schema: S,
): RuleFolder<z.infer<S>>[] {
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort()
    .map((name) => {
      const file = join(dir, name, 'rule.json');
      if (!existsSync(file)) throw new RuleLoadError(displayPath(file), '(file)', 'missing');
      const rule = readJsonFile(file, schema);
      if (rule.id !== name) {
        throw new RuleLoadError(
          displayPath(file),
          'id',
          `"${rule.id}" must equal its folder name "${name}"`,
        );
      }
      if (rule.event.type !== name) {
        throw new RuleLoadError(
          displayPath(file),
          'event.type',
          `"${rule.event.type}" must equal the rule id "${name}"`,
        );
      }
      return { id: name, dir: join(dir, name), file, rule };
    });
}

/**
 * Loads and validates rules/capture: every rule folder and catalog.json. Throws a
 * RuleLoadError naming the file and the field at the first problem.
 * @example loadCaptureRules().rules.map((r) => r.id)
 */
export function loadCaptureRules(dir: string = join(rulesRoot(), 'capture')): CaptureRuleSet {
  const catalog = readJsonFile(join(dir, 'catalog.json'), CatalogSchema);
  checkFacts(
    join(dir, 'catalog.json'),
    'icons',
    Object.values(catalog.icons).flatMap((icon) => [
      ...factsRead(icon.activeWhen),
      ...icon.requires,
    ]),
  );
  const rules = loadRuleFolders(dir, RuleFileSchema).map(({ dir: ruleDir, file, rule }) => {
    checkRule(file, rule);
    return { ...rule, file, dir: ruleDir };
  });
  const ids = new Set(rules.map((rule) => rule.id));
  for (const rule of rules) {
    for (const related of rule.docs.related) {
      if (!ids.has(related)) {
        throw new RuleLoadError(displayPath(rule.file), 'docs.related', `no rule "${related}"`);
      }
    }
  }
  return { dir, rules, catalog };
}

function checkRule(file: string, rule: RuleFile): void {
  checkFacts(file, 'conditions', factsRead(rule.conditions));
  for (const [icon, condition] of Object.entries(rule.iconsWhen ?? {})) {
    if (!rule.icons.some((listed) => listed === icon)) {
      throw new RuleLoadError(displayPath(file), `iconsWhen.${icon}`, `"${icon}" is not in icons`);
    }
    checkFacts(file, `iconsWhen.${icon}`, factsRead(condition));
  }
  const templates: Array<[string, string | undefined, readonly string[]]> = [
    ['message', rule.message, memberPlaceholders],
    ['fix', rule.fix, memberPlaceholders],
    ...providerFixes('fixFor', rule.fixFor, memberPlaceholders),
  ];
  const { banner } = rule;
  if (banner) {
    templates.push(['banner.message', banner.message, bannerPlaceholders]);
    templates.push(['banner.fix', banner.fix, bannerPlaceholders]);
    templates.push(...providerFixes('banner.fixFor', banner.fixFor, bannerPlaceholders));
    templates.push(['banner.one.message', banner.one?.message, bannerPlaceholders]);
    templates.push(['banner.one.fix', banner.one?.fix, bannerPlaceholders]);
  }
  for (const [field, template, allowed] of templates) {
    if (template === undefined) continue;
    const problem = findTemplateProblem(template, allowed);
    if (problem) throw new RuleLoadError(displayPath(file), field, problem);
  }
}

function providerFixes(
  field: string,
  fixFor: RuleFile['fixFor'],
  allowed: readonly string[],
): Array<[string, string | undefined, readonly string[]]> {
  return Object.entries(fixFor ?? {}).map(([provider, template]) => [
    `${field}.${provider}`,
    template,
    allowed,
  ]);
}

function checkFacts(file: string, field: string, names: readonly string[]): void {
  const known = new Set<string>(captureFactNames);
  const unknown = names.find((name) => !known.has(name));
  if (unknown) {
    throw new RuleLoadError(
      displayPath(file),
      field,
      `unknown fact "${unknown}"; known facts: ${captureFactNames.join(', ')}`,
    );
  }
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}
