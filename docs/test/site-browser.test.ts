import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadCaptureRules } from '@capture-doctor/engine';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentRulesDir, readConsentRules } from '../src/consent-loader/consent-loader.js';
import vocabularyFile from '../src/data/vocabulary.json' with { type: 'json' };
import { readableTemplate, templateParts } from '../src/template-parts/template-parts.js';
import { type Browser, chromiumPath, startBrowser } from './support/browser.js';
import { artifactsDir, base, distDir } from './support/built-site.js';
import { type SiteServer, serveSite } from './support/static-server.js';

const { rules, catalog } = loadCaptureRules();
const consent = readConsentRules(consentRulesDir());
const labels = vocabularyFile.placeholders;

/** A template as the page shows it as text: placeholders replaced by their labels. */
function shownText(template: string): string {
  return templateParts(template, labels)
    .map((part) => (part.kind === 'text' ? part.text : part.label))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The longest run of words between placeholders, cut to at most six words. */
function searchPhrase(template: string): string {
  const runs = templateParts(template, labels)
    .filter((part) => part.kind === 'text')
    .map((part) => part.text.replace(/[^\p{L}\p{N}' ]+/gu, ' ').trim());
  const longest = runs.sort((a, b) => b.split(/\s+/).length - a.split(/\s+/).length)[0] ?? '';
  return longest.split(/\s+/).slice(0, 6).join(' ');
}

function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

describe.runIf(existsSync(chromiumPath))('the docs site in headless Chromium', () => {
  let server: SiteServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(artifactsDir, { recursive: true });
    server = await serveSite(distDir, base);
    browser = await startBrowser();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows a banner rule with its catalog colour badge and its fix', async () => {
    const rule = rules.find((candidate) => candidate.banner) ?? rules[0];
    if (!rule) throw new Error('no capture rule to open');
    await page.goto(`${server.origin}${base}/rules/${rule.id}/`);
    await expect.poll(() => page.locator('h1').textContent()).toBe(rule.title);

    const badge = page.locator('.cd-rule-head .cd-badge');
    expect(await badge.getAttribute('data-color')).toBe(rule.color);
    const colours = await badge.evaluate((element) => {
      const style = getComputedStyle(element);
      const icon = element.querySelector('svg');
      return { border: style.borderTopColor, icon: icon ? getComputedStyle(icon).color : '' };
    });
    expect(colours).toEqual({
      border: rgb(catalog.colors[rule.color].hex),
      icon: rgb(catalog.colors[rule.color].hex),
    });

    const fix = page.locator('[data-testid="fix"]');
    expect(await fix.isVisible()).toBe(true);
    expect(((await fix.textContent()) ?? '').replace(/\s+/g, ' ').trim()).toBe(shownText(rule.fix));
    if (rule.banner) {
      const banner = page.locator('[data-testid="banner"]');
      expect(((await banner.textContent()) ?? '').replace(/\s+/g, ' ').trim()).toBe(
        shownText(rule.banner.message),
      );
    }
    await page.screenshot({ path: join(artifactsDir, `rule-${rule.id}.png`), fullPage: true });
  });

  it('finds a rule by a phrase of its message and lands on its page', async () => {
    const rule = rules.find((candidate) => candidate.id === 'recording-seat-missing') ?? rules[0];
    if (!rule) throw new Error('no capture rule to search for');
    const phrase = searchPhrase(rule.message);
    await page.goto(`${server.origin}${base}/`);
    await page.locator('site-search button[data-open-modal]').first().click();
    const input = page.locator('#starlight__search .pagefind-ui__search-input');
    await input.waitFor();
    await input.fill(phrase);
    const first = page.locator('#starlight__search .pagefind-ui__result-link').first();
    await first.waitFor();
    await page.screenshot({ path: join(artifactsDir, 'search-results.png') });
    expect(await first.getAttribute('href')).toBe(`${base}/rules/${rule.id}/`);
    await first.click();
    await page.waitForURL(`**${base}/rules/${rule.id}/`);
    expect(await page.locator('h1').textContent()).toBe(rule.title);
    expect(readableTemplate(rule.message, labels)).toContain(phrase.split(' ')[0] ?? '');
    await page.screenshot({ path: join(artifactsDir, 'search-landing.png'), fullPage: true });
  });

  it('opens the search with each shortcut the home page names', async () => {
    await page.goto(`${server.origin}${base}/`);
    const note = page.locator('p', { hasText: 'Search (press' });
    const keys = await note.locator('kbd').allTextContents();
    expect(keys).toEqual(['Ctrl', 'K', '⌘', 'K']);
    const dialog = page.locator('dialog[aria-label="Search"]');
    for (const shortcut of ['Control+k', 'Meta+k']) {
      await page.goto(`${server.origin}${base}/`);
      await page.locator('site-search button[data-open-modal]').first().waitFor();
      expect(await dialog.isVisible(), `${shortcut} before`).toBe(false);
      await page.keyboard.press(shortcut);
      await expect.poll(() => dialog.isVisible(), { message: shortcut }).toBe(true);
    }
  });

  it('finds every rule, capture and consent, among the first results for words of its message', async () => {
    await page.goto(`${server.origin}${base}/`);
    const queries = [
      // A rule shown only as a banner is found by the banner's words, the ones its page shows.
      ...rules.map((rule) => ({
        phrase: searchPhrase(
          rule.showOnMembers === false && rule.banner ? rule.banner.message : rule.message,
        ),
        url: `${base}/rules/${rule.id}/`,
      })),
      ...(consent?.rules ?? []).map((rule) => ({
        phrase: searchPhrase(rule.message),
        url: `${base}/consent/${rule.id}/`,
      })),
    ];
    // Run as source text: vitest would rewrite a dynamic import() inside a function.
    const script = `(async () => {
      const pagefind = await import(${JSON.stringify(`${base}/pagefind/pagefind.js`)});
      await pagefind.init();
      const top = [];
      for (const phrase of ${JSON.stringify(queries.map((query) => query.phrase))}) {
        const search = await pagefind.search(phrase);
        const results = await Promise.all(search.results.slice(0, 5).map((r) => r.data()));
        top.push(results.map((r) => r.url));
      }
      return top;
    })()`;
    const found: string[][] = await page.evaluate(script);
    const missed = queries
      .map((query, index) => ({ ...query, top: found[index] ?? [] }))
      .filter((query) => !query.top.includes(query.url));
    expect(missed).toEqual([]);
  });

  it('leads from "a yellow calendar" to its rule page in two clicks', async () => {
    await page.goto(`${server.origin}${base}/`);
    await page.getByRole('link', { name: 'What does this icon mean?' }).first().click();
    await page.waitForURL(`**${base}/find/by-icon/`);
    await page.screenshot({ path: join(artifactsDir, 'by-icon.png'), fullPage: true });
    const firstRule = page
      .locator('#calendar-yellow ~ .cd-rule-list')
      .first()
      .locator('li > a')
      .first();
    const href = await firstRule.getAttribute('href');
    await firstRule.click();
    await page.waitForURL(`**${href}`);
    const badge = page.locator('.cd-rule-head .cd-badge');
    expect(await badge.getAttribute('data-color')).toBe('yellow');
    expect(await badge.locator('svg[data-icon="calendar"]').count()).toBe(1);
  });

  it('walks from what an admin sees to a rule page', async () => {
    await page.goto(`${server.origin}${base}/troubleshoot/not-recorded/`);
    await page.screenshot({ path: join(artifactsDir, 'walkthrough.png'), fullPage: true });
    const links = page.locator('.cd-rule-list a[href^="/docs/rules/"]');
    expect(await links.count()).toBeGreaterThan(0);
  });

  it('shows the jurisdictions table under its not-legal-advice note', async () => {
    await page.goto(`${server.origin}${base}/consent/jurisdictions/`);
    expect(await page.locator('[data-testid="not-legal-advice"]').isVisible()).toBe(true);
    await page.screenshot({ path: join(artifactsDir, 'jurisdictions.png'), fullPage: true });
  });

  it('draws every machine’s state diagram as SVG', async () => {
    await page.goto(`${server.origin}${base}/reference/state-diagrams/`);
    const blocks = page.locator('pre.mermaid');
    const count = await blocks.count();
    expect(count).toBeGreaterThan(0);
    for (let index = 0; index < count; index += 1) {
      await blocks
        .nth(index)
        .locator('svg')
        .first()
        .waitFor({ state: 'attached', timeout: 20_000 });
      expect(await blocks.nth(index).locator('svg g').count()).toBeGreaterThan(0);
    }
    await page.screenshot({ path: join(artifactsDir, 'state-diagrams.png'), fullPage: true });
  });
});

describe.skipIf(existsSync(chromiumPath))('headless Chromium', () => {
  it(`is missing at ${chromiumPath}: install it with apt-get install -y chromium`, () => {
    throw new Error(`Chromium is required for the docs browser tests: ${chromiumPath} is missing`);
  });
});
