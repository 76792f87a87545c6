import { getCollection, getEntry } from 'astro:content';
import { FindingColor, IconColor } from '@capture-doctor/domain';
import type { Catalog } from '@capture-doctor/engine';
import type { CaptureRuleEntry } from '../capture-rules-loader/capture-rules-loader.js';
import { missingWords, type Vocabulary } from '../condition-text/condition-text.js';
import vocabularyFile from '../data/vocabulary.json';
import { rulePath, sitePath } from '../site-path/site-path.js';

/** Readable names of facts, operators, values and placeholders. */
export const vocabulary: Vocabulary = vocabularyFile;
// A fact or value the rules can read without words would print raw on the pages: fail the build.
const missing = missingWords(vocabulary);
if (missing.length > 0) {
  throw new Error(`docs/src/data/vocabulary.json has no words for: ${missing.join(', ')}`);
}

/**
 * The catalog of icons, colours, providers and fixers (rules/capture/catalog.json).
 * @example (await catalog()).colors.yellow.hex // '#946200'
 */
export async function catalog(): Promise<Catalog> {
  const entry = await getEntry('captureCatalog', 'catalog');
  if (!entry) throw new Error('rules/capture/catalog.json was not loaded');
  return entry.data;
}

/**
 * Every capture rule, sorted by id.
 * @example (await captureRules()).map((rule) => rule.id)
 */
export async function captureRules(): Promise<CaptureRuleEntry[]> {
  const entries = await getCollection('captureRules');
  return entries.map((entry) => entry.data).sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * A link inside the site, under its base.
 * @example href('find/by-icon') // '/docs/find/by-icon/'
 */
export function href(path: string): string {
  return sitePath(import.meta.env.BASE_URL, path);
}

/**
 * The link to a capture rule's page.
 * @example ruleHref('recording-seat-missing') // '/docs/rules/recording-seat-missing/'
 */
export function ruleHref(id: string): string {
  return rulePath(import.meta.env.BASE_URL, id);
}

/** The finding colours a rule can have, mildest first. */
export const findingColors = FindingColor.options;

/** The colours no rule gives: the base colours an icon has before findings. */
export const calmColors = IconColor.options.filter(
  (color) => !findingColors.some((c) => c === color),
);
