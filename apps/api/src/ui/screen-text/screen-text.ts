import { z } from 'zod';
import { CountForms, countedText } from '../../notices/notices.js';
import sentences from './screen-text.json' with { type: 'json' };

const ScreenSentences = z.record(z.string(), z.union([z.string().min(1).max(300), CountForms]));
const texts = ScreenSentences.parse(sentences);

/** The id of a sentence shown on a screen; the sentence itself lives in screen-text.json. */
export type ScreenTextId = keyof typeof sentences;

/**
 * A screen's sentence with its `{placeholders}` filled in; a sentence about a number of things
 * has a `one` and an `other` form in screen-text.json, and `count` picks the one that agrees.
 * @example screenText('page-of', { page: 2, pages: 100 }) // "Page 2 of 100"
 * @example screenText('changes-summary', { count: 1 }) // "1 change between the evaluation before and the latest one"
 */
export function screenText(id: ScreenTextId, values: Record<string, string | number> = {}): string {
  const entry = texts[id];
  return countedText(entry === undefined ? id : entry, values);
}
