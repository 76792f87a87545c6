import { describe, expect, it } from 'vitest';
import { checkReadable, serverAndBrowser, signedInPage } from '../../test-support/browser.js';

const run = serverAndBrowser();

describe('the sync schedule on the connection screen, in Chromium', () => {
  it('shows the default schedule, saves an admin change the API then shows, and refuses a bad cron with its reason', async () => {
    const { page } = await signedInPage(run.browser, run.t.server.url, run.t.keys.admin);
    await page.goto(`${run.t.server.url}/team/connection`);
    expect(await page.inputValue('#schedule-cron')).toBe('0 */6 * * *');
    expect(await page.textContent('.schedule-next')).toContain('Next scheduled sync');
    await checkReadable(page, 'connection-sync-schedule');

    await page.fill('#schedule-cron', '15 4 * * 1-5');
    await page.fill('#schedule-timezone', 'Europe/Berlin');
    await page.click('form[action="/team/connection/sync-schedule"] button[type=submit]');
    await page.waitForURL(/\/team\/connection$/);
    expect(await page.textContent('p.notice')).toBe('Schedule saved.');
    const api = await run.t.call('/v1/companies/demo/sync-schedule');
    expect(await api.json()).toMatchObject({
      cron: '15 4 * * 1-5',
      timezone: 'Europe/Berlin',
      enabled: true,
    });

    await page.uncheck('#schedule-enabled');
    await page.fill('#schedule-cron', '99 * * * *');
    await page.click('form[action="/team/connection/sync-schedule"] button[type=submit]');
    await page.waitForURL(/\/team\/connection$/);
    expect(await page.textContent('p.notice')).toContain('cron');
    expect(
      ((await (await run.t.call('/v1/companies/demo/sync-schedule')).json()) as { cron: string })
        .cron,
    ).toBe('15 4 * * 1-5');
  });

  it('shows a support key the schedule the admin saved, without a form', async () => {
    const { page } = await signedInPage(run.browser, run.t.server.url, run.t.keys.support);
    await page.goto(`${run.t.server.url}/team/connection`);
    expect(await page.locator('form[action="/team/connection/sync-schedule"]').count()).toBe(0);
    expect(await page.textContent('[data-change="sync-schedule"] code')).toBe('15 4 * * 1-5');
  });
});
