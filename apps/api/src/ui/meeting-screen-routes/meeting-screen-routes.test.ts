import { runTestSql } from '@capture-doctor/store/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReadable, launchChromium, signedInPage } from '../../test-support/browser.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

let t: TestServer;
let browser: Browser;

beforeAll(async () => {
  // The demo's consent seed: a policy in force and meetings, one accepted, one declined.
  t = await startTestServer({ demoConsent: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the meetings screens in Chromium', () => {
  it('lists the meetings with each answer, opens one with its evidence, verify result and CSV', async () => {
    const { context, page } = await signedInPage(browser, t.server.url, t.keys.compliance);
    await page.goto(`${t.server.url}/compliance/consent`);
    await page.click('.subnav a[href="/compliance/meetings"]');
    await page.waitForURL(/\/compliance\/meetings$/);
    expect(await page.$$eval('[data-meeting]', (ms) => ms.length)).toBe(4);
    const answer = (email: string) =>
      page.getAttribute(`tr[data-participant="${email}"] td[data-answer]`, 'data-answer');
    expect(await answer('camille@client.example.fr')).toBe('accepted');
    expect(await answer('jonas@kunde.example.de')).toBe('declined');
    await checkReadable(page, 'meetings');

    await page.click('a:has-text("Renewal call with Kunde GmbH")');
    await page.waitForURL(/\/compliance\/meetings\/[^/]+$/);
    expect(await page.textContent('h1')).toBe('Renewal call with Kunde GmbH');
    expect(await page.getAttribute('[data-verify]', 'data-verify')).toBe('true');
    const kinds = await page.$$eval('table.evidence tbody tr td:nth-child(3)', (cells) =>
      cells.map((c) => c.textContent),
    );
    expect(kinds.length).toBeGreaterThan(2);
    expect(kinds.join(' ')).toContain('declined');
    await checkReadable(page, 'meeting-evidence');

    const csvLink = await page.getAttribute('a[href$="/evidence.csv"]', 'href');
    const csv = await page.request.get(`${t.server.url}${csvLink}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^seq,at,kind,/);
    expect(lines.length - 1).toBe(kinds.length);
    await context.close();
  }, 120_000);

  it('shows a broken chain when a stored event was changed', async () => {
    const [meeting] = await t.server.store.meetings.list('demo', { limit: 1 });
    const id = meeting?.id ?? '';
    const { context, page } = await signedInPage(browser, t.server.url, t.keys.admin, {
      javaScriptEnabled: false,
    });
    await page.goto(`${t.server.url}/compliance/meetings/${id}`);
    expect(await page.getAttribute('[data-verify]', 'data-verify')).toBe('true');
    // Tampering goes around the append-only store, straight to the table.
    await runTestSql(
      t.dataDir,
      t.server.store.file,
      "UPDATE consent_evidence SET at = '2000-01-01T00:00:00.000Z' WHERE meeting_id = ?",
      id,
    );
    await page.reload();
    expect(await page.getAttribute('[data-verify]', 'data-verify')).toBe('false');
    expect(await page.textContent('[data-verify]')).toContain('broken');
    await context.close();
  }, 60_000);
});
