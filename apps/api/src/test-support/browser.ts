import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { z } from 'zod';
import type { StartServerOptions } from '../start-server/start-server.js';
import { startTestServer, type TestServer } from './test-server.js';

/** Debian's chromium; CI installs it with `apt-get install -y chromium`. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the browser tests keep their files (git-ignored). */
export const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
/** Where the screenshots of the screens go: `<page>-<width>.png`. */
export const screenshots = join(artifacts, 'screens');

/** The two widths every screen is checked at. */
export const viewports = {
  desktop: { width: 1360, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

/**
 * Starts headless Chromium with no background traffic; fails with how to install it.
 * @example const browser = await launchChromium(); await browser.close();
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath))
    throw new Error(
      `Chromium not found at ${chromiumPath}: apt-get install -y chromium, or set CHROMIUM_PATH`,
    );
  mkdirSync(screenshots, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    timeout: 60_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * A test server and Chromium for the tests of one file: started before them, closed after.
 * Read `t` and `browser` inside the tests, once both are up.
 * @example const run = serverAndBrowser(); it('…', async () => { await run.browser.newPage() })
 */
export function serverAndBrowser(options: StartServerOptions = {}): {
  t: TestServer;
  browser: Browser;
} {
  let server: TestServer | undefined;
  let launched: Browser | undefined;
  beforeAll(async () => {
    server = await startTestServer(options);
    launched = await launchChromium();
  });
  afterAll(async () => {
    await launched?.close();
    await server?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('read t and browser inside a test');
    return value;
  };
  return {
    get t() {
      return started(server);
    },
    get browser() {
      return started(launched);
    },
  };
}

const AxeFindings = z.array(
  z.object({ id: z.string(), impact: z.string().nullable(), nodes: z.array(z.string()) }),
);
/** An axe-core violation as the tests report it: its rule, impact and first few nodes. */
export type AxeFinding = z.infer<typeof AxeFindings>[number];

/**
 * Runs axe-core on the page and answers its serious and critical violations. The source is
 * evaluated through the debugging protocol, which the page's script policy does not govern.
 * @example expect(await seriousViolations(page)).toEqual([])
 */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  await page.evaluate(axe.source);
  const found = AxeFindings.parse(
    await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
      r.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' :: ' + n.failureSummary),
      })))`),
  );
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * How far the page is wider than the window: 0 means no horizontal scroll.
 * @example expect(await overflowX(page)).toBe(0)
 */
export function overflowX(page: Page): Promise<number> {
  return page
    .evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')
    .then((n) => z.number().parse(n));
}

/**
 * Keeps a full-page screenshot as test-artifacts/screens/<name>.png, prints and answers its path.
 * @example await keepScreenshot(page, 'team-390')
 */
export async function keepScreenshot(page: Page, name: string): Promise<string> {
  const path = join(screenshots, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  console.log(`screenshot: ${path}`);
  return path;
}

/**
 * A fresh browser context signed in with an API key through the sign-in form, on /team.
 * @example const { context, page } = await signedInPage(browser, t.server.url, t.keys.compliance)
 */
export async function signedInPage(
  browser: Browser,
  url: string,
  key: string,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: viewports.desktop, ...options });
  const page = await context.newPage();
  await page.goto(`${url}/sign-in`);
  await page.fill('input[name=key]', key);
  await page.click('button[type=submit]');
  await page.waitForURL(`${url}/team`);
  return { context, page };
}

/**
 * Checks the page at the window's width as it is: axe finds nothing serious or critical and
 * nothing scrolls sideways; keeps a screenshot `<name>-<width>.png` either way, then throws
 * what failed.
 * @example await checkAtThisWidth(page, 'team')
 */
export async function checkAtThisWidth(page: Page, name: string): Promise<void> {
  const width = page.viewportSize()?.width ?? 0;
  const problems = await seriousViolations(page);
  const overflow = await overflowX(page);
  await keepScreenshot(page, `${name}-${width}`);
  if (problems.length > 0 || overflow > 0) {
    throw new Error(
      `${name} at ${width} px: ${JSON.stringify(problems)}; ${overflow} px sideways overflow`,
    );
  }
}

/**
 * {@link checkAtThisWidth} at desktop width and at 390 px, then back to desktop width.
 * @example await checkReadable(page, 'consent')
 */
export async function checkReadable(page: Page, name: string): Promise<void> {
  for (const viewport of [viewports.desktop, viewports.phone]) {
    await page.setViewportSize(viewport);
    await checkAtThisWidth(page, name);
  }
  await page.setViewportSize(viewports.desktop);
}
