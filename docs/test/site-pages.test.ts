import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadCaptureRules } from '@capture-doctor/engine';
import { describe, expect, it } from 'vitest';
import { consentRulesDir, readConsentRules } from '../src/consent-loader/consent-loader.js';
import { distDir, htmlFiles, pageHtml } from './support/built-site.js';

const { rules, catalog } = loadCaptureRules();
const ruleIds = rules.map((rule) => rule.id).sort();

/** Folder names under dist/<section>/ that hold a page (the section's own index excluded). */
function pagesUnder(section: string): string[] {
  return htmlFiles()
    .filter((file) => file.startsWith(`${section}/`) && file !== `${section}/index.html`)
    .map((file) => file.slice(section.length + 1).replace(/\/index\.html$/, ''))
    .sort();
}

describe('capture rule pages', () => {
  it('exist for every rule folder, and only for them', () => {
    expect(ruleIds.length).toBeGreaterThan(0);
    expect(pagesUnder('rules'), 'rebuild the site (npx astro build) after changing rules/').toEqual(
      ruleIds,
    );
  });

  it('show each rule’s title, colour badge and steps for both providers', () => {
    for (const rule of rules) {
      const html = pageHtml(`/docs/rules/${rule.id}/`);
      expect(html, rule.id).toContain(`data-rule-id="${rule.id}"`);
      expect(html, rule.id).toContain(`--cd-color: ${catalog.colors[rule.color].hex}`);
      expect(html, rule.id).toContain('id="google-workspace"');
      expect(html, rule.id).toContain('id="microsoft-365"');
    }
  });

  it('are all listed on the by-icon index, so any colour is two clicks away', () => {
    const html = pageHtml('/docs/find/by-icon/');
    for (const id of ruleIds) expect(html, id).toContain(`href="/docs/rules/${id}/"`);
  });
});

describe('consent pages', () => {
  const consent = readConsentRules(consentRulesDir());
  const consentIds = (consent?.rules ?? []).map((rule) => rule.id).sort();

  it('exist for every consent rule folder, and only for them', () => {
    const pages = pagesUnder('consent').filter((page) => page !== 'jurisdictions');
    expect(pages, 'rebuild the site (npx astro build) after changing rules/').toEqual(consentIds);
  });

  it('say the jurisdictions table is not legal advice', () => {
    expect(pageHtml('/docs/consent/jurisdictions/')).toContain('Not legal advice.');
  });

  it('list every jurisdiction, marking exactly the disputed ones', () => {
    const html = pageHtml('/docs/consent/jurisdictions/');
    for (const row of consent?.jurisdictions.jurisdictions ?? []) {
      expect(html, row.name).toContain(`<tr id="${row.id}"`);
      const marked = html.includes(`<tr id="${row.id}" data-disputed="true"`);
      expect(marked, row.name).toBe(row.consent === 'disputed');
    }
  });
});

describe('the built site', () => {
  it('is built under /docs into docs/dist', () => {
    expect(existsSync(join(distDir, 'index.html'))).toBe(true);
    expect(pageHtml('/docs/')).toContain('href="/docs/find/by-icon/"');
  });
});
