import { z } from 'zod';
import { fillPlaceholders } from '../../notices/notices.js';
import sentences from './consent-text.json' with { type: 'json' };

const Texts = z.record(z.string(), z.string().min(1).max(400));
const texts = Texts.parse(sentences);

/** The id of a sentence or label of the consent screens; its text lives in consent-text.json. */
export type ConsentTextId = keyof typeof sentences;

/**
 * A sentence of the consent screens with its `{placeholders}` filled in.
 * @example consentText('approved', { version: 3 }) // 'Version 3 approved and in force.'
 */
export function consentText(
  id: ConsentTextId,
  values: Record<string, string | number> = {},
): string {
  return fillPlaceholders(texts[id] ?? id, values);
}
