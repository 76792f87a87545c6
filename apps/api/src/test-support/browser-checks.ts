import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
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
