import { z } from 'zod';
import { fillPlaceholders } from '../../notices/notices.js';
import sentences from './screen-text.json' with { type: 'json' };

const ScreenSentences = z.record(z.string(), z.string().min(1).max(300));
const texts = ScreenSentences.parse(sentences);

/** The id of a sentence shown on a screen; the sentence itself lives in screen-text.json. */
export type ScreenTextId = keyof typeof sentences;

/**
 * A screen's sentence with its `{placeholders}` filled in.
 * @example screenText('page-of', { page: 2, pages: 100 }) // "Page 2 of 100"
 */
export function screenText(id: ScreenTextId, values: Record<string, string | number> = {}): string {
  return fillPlaceholders(texts[id] ?? id, values);
}
