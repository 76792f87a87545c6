import type { Context } from 'hono';
import { accepts } from 'hono/accepts';
import { z } from 'zod';
import data from './consent-texts.json' with { type: 'json' };

/** The languages of the consent page and the notice email. */
export const ConsentLanguage = z.enum(['en', 'de', 'fr', 'es']);
export type ConsentLanguage = z.infer<typeof ConsentLanguage>;

/** The id of one sentence of the page or the email; every language has every id. */
export type ConsentTextId = keyof typeof data.en;

const Sentences = z.record(z.string(), z.string().min(1).max(2000));
const ConsentTexts = z.strictObject({
  en: Sentences,
  de: Sentences,
  fr: Sentences,
  es: Sentences,
  languageByCountry: z.record(z.string().regex(/^[A-Z]{2}$/), ConsentLanguage),
});
const texts = ConsentTexts.parse(data);

/**
 * The sentence `id` in `language`, its `{placeholders}` filled (English when a language lacks it).
 * @example consentText('de', 'decline') // 'Ablehnen'
 */
export function consentText(
  language: ConsentLanguage,
  id: ConsentTextId,
  values: Record<string, string> = {},
): string {
  const template = texts[language][id] ?? texts.en[id] ?? id;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * The page's language from the request's `Accept-Language` (`de-CH` counts as `de`), by the
 * client's order of preference; English when it names none of ours.
 * @example pageLanguage(c) // 'fr' for "Accept-Language: fr-CA,fr;q=0.9,en;q=0.8"
 */
export function pageLanguage(c: Context): ConsentLanguage {
  const chosen = accepts(c, {
    header: 'Accept-Language',
    supports: ConsentLanguage.options,
    default: 'en',
    match: (ranges, config) => {
      for (const range of ranges) {
        const primary = range.type.toLowerCase().split('-')[0] ?? '';
        if (range.q > 0 && config.supports.includes(primary)) return primary;
      }
      return config.default;
    },
  });
  return ConsentLanguage.catch('en').parse(chosen);
}

/**
 * The notice email's language: the one spoken where the participant is (their jurisdiction's
 * country), else English.
 * @example emailLanguage('DE') // 'de'; emailLanguage('US-CA') // 'en'
 */
export function emailLanguage(jurisdiction: string | null): ConsentLanguage {
  const country = jurisdiction?.slice(0, 2) ?? '';
  return texts.languageByCountry[country] ?? 'en';
}

/**
 * A moment as the page and email show it: date and time in the language, in UTC.
 * @example shownTime('de', '2026-03-02T09:00:00.000Z') // 'Montag, 2. März 2026 um 09:00 UTC'
 */
export function shownTime(language: ConsentLanguage, at: string): string {
  const formatted = new Intl.DateTimeFormat(language, {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(at));
  return `${formatted} ${consentText(language, 'timeZoneNote')}`;
}
