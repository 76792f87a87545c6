import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overflowX, seriousViolations, viewports } from '../../test-support/browser.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let t: TestServer;
let browser: Browser;

/** Waits for the demo's first sync (started with the server) to end. */
async function demoSynced(): Promise<void> {
  for (let tries = 0; tries < 600; tries++) {
    const res = await t.call('/v1/companies/demo/syncs/current');
    const status = (await res.json()) as { phase?: string; finishedAt?: string | null };
    if (res.status === 200 && status.finishedAt) {
      expect(status.phase).toBe('completed');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the demo sync did not end');
}

beforeAll(async () => {
  if (!existsSync(chromiumPath))
    throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium`);
  t = await startTestServer({ demoConsent: true });
  await demoSynced();
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    timeout: 60_000,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

interface Listed {
  id: string;
  source: string;
  title: string | null;
  verdict?: string;
  reasons?: Array<{ ruleId: string; color: string }>;
}

describe('the demo company’s upcoming meetings', () => {
  it('come from its calendars through the API, with a verdict and the reasons of most meeting rules', async () => {
    const res = await t.call('/v1/companies/demo/meetings?limit=500');
    expect(res.status).toBe(200);
    const calendar = ((await res.json()) as { items: Listed[] }).items.filter(
      (m) => m.source === 'calendar',
    );
    expect(calendar.length).toBeGreaterThanOrEqual(12);
    const rules = new Set(calendar.flatMap((m) => (m.reasons ?? []).map((r) => r.ruleId)));
    expect([...rules].sort()).toEqual(
      expect.arrayContaining([
        'conferencing-not-joined',
        'host-capture-not-working',
        'host-declined',
        'host-not-responded',
        'host-recording-off',
        'link-rewritten-by-gateway',
        'no-conference-link',
        'notice-email-late',
        'phone-only',
        'private-event',
        'scheduled-too-late',
      ]),
    );
    const verdicts = new Set(calendar.map((m) => m.verdict));
    expect(verdicts).toEqual(new Set(['will_record', 'at_risk', 'will_not_record']));
    const renewal = calendar.find((m) => m.title === 'Renewal with Buyer Inc.');
    expect(renewal).toMatchObject({ verdict: 'will_record', reasons: [] });
  });

  it('show in Chromium grouped by verdict, each reason with its fix and docs link, and per member', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${t.server.url}/team`);
    await page.fill('input[name=key]', t.keys.admin);
    await page.click('button[type=submit]');
    await page.waitForURL(`${t.server.url}/team`);
    await page.click('a[href="/meetings"]');
    await page.waitForURL(`${t.server.url}/meetings`);
    const groups = await page.$$eval('section h2', (heads) => heads.map((h) => h.textContent));
    expect(groups.map((text) => text?.replace(/\(?\d+\)?/g, '').trim())).toEqual([
      'Will not be recorded',
      'May not be recorded',
      'Will be recorded',
      // The consent demo's meetings, registered as a bot integration would.
      'Registered through the API',
    ]);
    const declined = page.locator('li[data-rule="host-declined"]').first();
    expect(await declined.textContent()).toMatch(/declined this meeting.*Fix:/s);
    expect(await declined.locator('a').getAttribute('href')).toBe('/docs/meetings/host-declined/');
    const refused = await page.$$eval('article[data-verdict="will_not_record"]', (cards) =>
      cards.map((card) => card.querySelectorAll('li[data-rule]').length),
    );
    expect(refused.every((count) => count > 0)).toBe(true);
    await page.goto(`${t.server.url}/meetings?member=m02`);
    const titles = await page.$$eval('article h3', (heads) => heads.map((h) => h.textContent));
    expect(titles).toContain('Sales stand-up');
    expect(titles).not.toContain('Warehouse walkthrough');
    await context.close();
  });

  it.each(Object.entries(viewports))(
    'fit the %s width with no sideways scroll and no serious or critical axe finding',
    async (_name, viewport) => {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(`${t.server.url}/team`);
      await page.fill('input[name=key]', t.keys.admin);
      await page.click('button[type=submit]');
      await page.waitForURL(`${t.server.url}/team`);
      for (const path of ['/meetings', '/meetings?member=m02']) {
        await page.goto(`${t.server.url}${path}`);
        expect(await overflowX(page), `${path} at ${viewport.width}px`).toBe(0);
        expect(await seriousViolations(page), `${path} at ${viewport.width}px`).toEqual([]);
      }
      await context.close();
    },
  );

  it('need a signed-in session', async () => {
    const res = await fetch(`${t.server.url}/meetings`, { redirect: 'manual' });
    expect(res.status).toBeGreaterThanOrEqual(300);
    expect(res.status).toBeLessThan(400);
  });
});
