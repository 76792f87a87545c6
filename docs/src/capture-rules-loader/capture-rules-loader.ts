import { join } from 'node:path';
import { type Catalog, loadCaptureRules, type RuleFile, rulesRoot } from '@capture-doctor/engine';
import type { Loader } from 'astro/loaders';

/** A capture rule as the site stores it: the rule file plus its path inside the repository. */
export type CaptureRuleEntry = RuleFile & { source: string };

/**
 * The rules/capture folder the site reads: CAPTURE_DOCTOR_RULES_DIR/capture when set, else the
 * repository's own.
 * @example captureRulesDir() // '/work/main/rules/capture'
 */
export function captureRulesDir(): string {
  return join(rulesRoot(), 'capture');
}

/**
 * Loads every rules/capture/<id>/rule.json through the engine, so a rule the engine refuses
 * also fails the docs build, naming the file and the field.
 * @example defineCollection({ loader: captureRulesLoader() })
 */
export function captureRulesLoader(dir: string = captureRulesDir()): Loader {
  return {
    name: 'capture-rules',
    load: async ({ store, parseData, generateDigest, logger }) => {
      const { rules } = loadCaptureRules(dir);
      store.clear();
      for (const { file: _file, dir: _dir, ...rule } of rules) {
        const entry: CaptureRuleEntry = { ...rule, source: `rules/capture/${rule.id}/rule.json` };
        const data = await parseData({ id: rule.id, data: entry });
        store.set({ id: rule.id, data, digest: generateDigest(entry) });
      }
      logger.info(`${rules.length} capture rules`);
    },
  };
}

/**
 * Loads rules/capture/catalog.json (icons, colours, provider names, who fixes) as one entry
 * with the id "catalog".
 * @example defineCollection({ loader: captureCatalogLoader() })
 */
export function captureCatalogLoader(dir: string = captureRulesDir()): Loader {
  return {
    name: 'capture-catalog',
    load: async ({ store, parseData, generateDigest }) => {
      const { catalog } = loadCaptureRules(dir);
      const data: Catalog = await parseData({ id: 'catalog', data: catalog });
      store.clear();
      store.set({ id: 'catalog', data, digest: generateDigest(catalog) });
    },
  };
}
