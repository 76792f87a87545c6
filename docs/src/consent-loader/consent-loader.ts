import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ConsentRuleFile,
  type JurisdictionsFile,
  loadConsentRules,
  rulesRoot,
} from '@capture-doctor/engine';
import type { Loader } from 'astro/loaders';

/** A consent-policy rule as the site stores it: the rule file plus its path in the repository. */
export type ConsentRuleEntry = ConsentRuleFile & { source: string };

/** rules/consent/jurisdictions.json as the site stores it. */
export type JurisdictionTable = JurisdictionsFile & { source: string };

/**
 * The rules/consent folder: CAPTURE_DOCTOR_RULES_DIR/consent when set, else the repository's.
 * @example consentRulesDir() // '/work/main/rules/consent'
 */
export function consentRulesDir(): string {
  return join(rulesRoot(), 'consent');
}

/**
 * Loads rules/consent through the engine, or nothing while the folder has no
 * jurisdictions.json yet (the consent pages then say so).
 * @example readConsentRules('/repo/rules/consent')?.rules.length
 */
export function readConsentRules(dir: string): ReturnType<typeof loadConsentRules> | null {
  if (!existsSync(join(dir, 'jurisdictions.json'))) return null;
  return loadConsentRules(dir);
}

/**
 * Loads every rules/consent/<id>/rule.json, validated by the engine like the capture rules.
 * @example defineCollection({ loader: consentRulesLoader() })
 */
export function consentRulesLoader(dir: string = consentRulesDir()): Loader {
  return {
    name: 'consent-rules',
    load: async ({ store, parseData, generateDigest, logger }) => {
      store.clear();
      const rules = readConsentRules(dir)?.rules ?? [];
      for (const { file: _file, dir: _dir, cases: _cases, ...rule } of rules) {
        const entry: ConsentRuleEntry = { ...rule, source: `rules/consent/${rule.id}/rule.json` };
        const data = await parseData({ id: rule.id, data: entry });
        store.set({ id: rule.id, data, digest: generateDigest(entry) });
      }
      logger.info(`${rules.length} consent rules`);
    },
  };
}

/**
 * Loads rules/consent/jurisdictions.json as one entry "jurisdictions"; none while it is absent.
 * @example defineCollection({ loader: jurisdictionsLoader() })
 */
export function jurisdictionsLoader(dir: string = consentRulesDir()): Loader {
  return {
    name: 'jurisdictions',
    load: async ({ store, parseData, generateDigest }) => {
      store.clear();
      const loaded = readConsentRules(dir);
      if (!loaded) return;
      const table: JurisdictionTable = {
        ...loaded.jurisdictions,
        source: 'rules/consent/jurisdictions.json',
      };
      const data = await parseData({ id: 'jurisdictions', data: table });
      store.set({ id: 'jurisdictions', data, digest: generateDigest(table) });
    },
  };
}
