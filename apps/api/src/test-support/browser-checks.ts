import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { z } from 'zod';

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** One accessibility violation as axe-core reports it, cut to what a failure message needs. */
const AxeViolations = z.array(
  z.object({ id: z.string(), impact: z.string().nullable(), nodes: z.array(z.string()) }),
);
export type AxeViolations = z.infer<typeof AxeViolations>;

/**
 * Runs axe-core on the page and answers its serious and critical violations. The pages forbid
 * every script, so axe goes in through the browser's debugging channel, which that policy does
 * not govern.
 * @example expect(await seriousViolations(page)).toEqual([])
 */
export async function seriousViolations(page: Page): Promise<AxeViolations> {
  await page.evaluate(axeSource);
  const found = AxeViolations.parse(
    await page.evaluate(
      `axe.run().then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, nodes: v.nodes.map((n) => JSON.stringify(n.target)) })))`,
    ),
  );
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * How far the page is wider than its viewport: 0 when nothing makes a phone scroll sideways.
 * @example expect(await sidewaysOverflow(page)).toBe(0)
 */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return z
    .number()
    .parse(
      await page.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      ),
    );
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
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, ...options });
  const page = await context.newPage();
  await page.goto(`${url}/sign-in`);
  await page.fill('input[name=key]', key);
  await page.click('button[type=submit]');
  await page.waitForURL(`${url}/team`);
  return { context, page };
}

/**
 * Checks a page at desktop width and at 390 px: axe finds nothing serious or critical and
 * nothing scrolls sideways; a screenshot of each is kept under `artifacts`.
 * @example await checkReadable(page, 'consent', artifacts)
 */
export async function checkReadable(page: Page, name: string, artifacts: string): Promise<void> {
  for (const width of [1360, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const problems = await seriousViolations(page);
    const overflow = await sidewaysOverflow(page);
    await page.screenshot({ path: `${artifacts}/${name}-${width}.png`, fullPage: true });
    if (problems.length > 0 || overflow > 0) {
      throw new Error(
        `${name} at ${width} px: ${JSON.stringify(problems)}; ${overflow} px sideways overflow`,
      );
    }
  }
  await page.setViewportSize({ width: 1360, height: 900 });
}
