import { describe, expect, it, vi } from 'vitest';
import { keepScreenshot, serverAndBrowser, viewports } from '../test-support/browser.js';

// Chromium on a shared two-core machine: a page and its checks take seconds, not milliseconds.
vi.setConfig({ testTimeout: 120_000 });

const run = serverAndBrowser();

/** A page that can reach only the service: every other address is refused and noted. */
async function offlinePage() {
  const context = await run.browser.newContext({ viewport: viewports.desktop });
  const refused: string[] = [];
  const problems: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    refused.push(url.href);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return { context, page, refused, problems };
}

describe('the API reference in Chromium', () => {
  it('loads offline from the service alone and shows every operation of /openapi.json', async () => {
    const { context, page, refused, problems } = await offlinePage();
    const doc = (await (await run.t.call('/openapi.json', { key: null })).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const count = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    await page.goto(`${run.t.server.url}/reference`);
    await page.waitForSelector('.opblock');
    expect(await page.locator('.opblock').count()).toBe(count);
    expect(await page.locator('.opblock-summary-path', { hasText: '/v1/evaluate' }).count()).toBe(
      1,
    );
    expect(refused).toEqual([]);
    expect(problems).toEqual([]);
    await keepScreenshot(page, 'reference-1360');
    await context.close();
  });

  it('sends a request with an API key and shows the answer', async () => {
    const { context, page } = await offlinePage();
    await page.goto(`${run.t.server.url}/reference`);
    await page.click('button.authorize');
    await page.fill('.modal-ux input', run.t.keys.admin);
    await page.click('.modal-ux .auth-btn-wrapper button.authorize');
    await page.click('.modal-ux button.btn-done');
    const op = page.locator('.opblock', {
      has: page.locator(
        '.opblock-summary-path[data-path="/v1/companies/{companyId}/members/{memberId}/history"]',
      ),
    });
    await op.locator('.opblock-summary').click();
    await op.locator('button.try-out__btn').click();
    await op.locator('tr[data-param-name="companyId"] input').fill('demo');
    await op.locator('tr[data-param-name="memberId"] input').fill('m17');
    await op.locator('button.execute').click();
    const answer = op.locator('.live-responses-table tr.response');
    await expect.poll(() => answer.locator('.response-col_status').textContent()).toBe('200');
    expect(await answer.locator('.response-col_description').textContent()).toContain(
      '"memberId": "m17"',
    );
    await keepScreenshot(page, 'reference-try-1360');
    await context.close();
  });
});
