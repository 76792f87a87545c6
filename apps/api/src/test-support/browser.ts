import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { z } from 'zod';

/** Debian's chromium; CI installs it with `apt-get install -y chromium`. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the browser tests keep their screenshots (git-ignored). */
export const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

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
  mkdirSync(artifacts, { recursive: true });
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
 * Keeps a full-page screenshot under test-artifacts/ and answers its path.
 * @example await keepScreenshot(page, 'team-phone')
 */
export async function keepScreenshot(page: Page, name: string): Promise<string> {
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
