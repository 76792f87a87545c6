import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import {
  ConsentLanguage,
  consentText,
  emailLanguage,
  pageLanguage,
  shownTime,
} from './consent-texts.js';
import data from './consent-texts.json' with { type: 'json' };

const app = new Hono().get('/', (c) => c.text(pageLanguage(c)));
const languageFor = async (header?: string) =>
  (
    await app.request('/', header === undefined ? {} : { headers: { 'accept-language': header } })
  ).text();

describe('consent texts', () => {
  it('has every sentence in every language, each with the same placeholders as the English one', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const language of ConsentLanguage.options) {
      expect(Object.keys(data[language]).sort()).toEqual(Object.keys(data.en).sort());
      for (const [id, english] of Object.entries(data.en)) {
        const translated: string = data[language][id as keyof typeof data.en];
        expect(placeholders(translated), `${language}.${id}`).toEqual(placeholders(english));
      }
    }
  });

  it('chooses the page language by Accept-Language, region and quality included, else English', async () => {
    expect(await languageFor('de-CH,de;q=0.9,en;q=0.8')).toBe('de');
    expect(await languageFor('fr-CA')).toBe('fr');
    expect(await languageFor('es-MX, en;q=0.5')).toBe('es');
    expect(await languageFor('en;q=0.2, fr;q=0.9')).toBe('fr');
    expect(await languageFor('ja, it;q=0.8')).toBe('en');
    expect(await languageFor('de;q=0, es')).toBe('es');
    expect(await languageFor('*')).toBe('en');
    expect(await languageFor()).toBe('en');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(consentText('en', 'heading', { company: 'Acme' })).toBe(
      'Acme would like to record a meeting',
    );
    expect(consentText('de', 'heading')).toBe('{company} möchte ein Meeting aufzeichnen');
  });

  it('writes the email in the language of the participant’s country, else English', () => {
    expect(emailLanguage('DE')).toBe('de');
    expect(emailLanguage('FR')).toBe('fr');
    expect(emailLanguage('ES')).toBe('es');
    expect(emailLanguage('US-CA')).toBe('en');
    expect(emailLanguage(null)).toBe('en');
  });

  it('shows a moment in the language, in UTC', () => {
    expect(shownTime('en', '2026-03-02T09:00:00.000Z')).toBe(
      'Monday, March 2, 2026 at 9:00 AM UTC',
    );
    expect(shownTime('de', '2026-03-02T09:00:00.000Z')).toContain('2. März 2026');
  });
});
