import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations, sidewaysOverflow } from '../../test-support/browser-checks.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const artifacts = fileURLToPath(new URL('../../../test-artifacts/', import.meta.url));

let t: TestServer;
let browser: Browser;
let secondCompliance: string;

beforeAll(async () => {
  if (!existsSync(chromiumPath))
    throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium`);
  mkdirSync(artifacts, { recursive: true });
  t = await startTestServer();
  secondCompliance = (await t.server.store.apiKeys.create('demo', { role: 'compliance' })).key;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    timeout: 60_000,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signedIn(key: string, options: Parameters<Browser['newContext']>[0] = {}) {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, ...options });
  const page = await context.newPage();
  await page.goto(`${t.server.url}/sign-in`);
  await page.fill('input[name=key]', key);
  await page.click('button[type=submit]');
  await page.waitForURL(`${t.server.url}/team`);
  return { context, page };
}

const notice = (page: Page) => page.textContent('p.notice');

/** Each page at desktop width and at 390 px: axe finds nothing serious, nothing scrolls sideways. */
async function checkReadable(context: BrowserContext, page: Page, name: string) {
  for (const width of [1360, 390]) {
    await page.setViewportSize({ width, height: 900 });
    expect(await seriousViolations(page), `${name} at ${width} px`).toEqual([]);
    expect(await sidewaysOverflow(page), `${name} at ${width} px`).toBe(0);
    await page.screenshot({
      path: join(artifacts, `consent-${name}-${width}.png`),
      fullPage: true,
    });
  }
  await page.setViewportSize({ width: 1360, height: 900 });
  expect(context.pages()).toContain(page);
}

describe('the Consent screens in Chromium', () => {
  it('edits the draft, refuses the author and a red draft with the sentence shown, approves with a reason, compares and simulates', async () => {
    const author = await signedIn(t.keys.compliance);
    const page = author.page;
    await page.click('header nav a[href="/compliance/consent"]');
    await page.waitForURL(/\/compliance\/consent$/);
    expect(await page.textContent('h1')).toBe('Recording consent');
    await checkReadable(author.context, page, 'empty');

    await page.click('.subnav a[href="/compliance/consent/policy"]');
    await page.fill('input[name=recorderName]', 'Northwind recorder');
    await page.uncheck('input[name="noticeEmail.enabled"]');
    await page.uncheck('input[name="consentPage.enabled"]');
    await page.uncheck('input[name="announcement.enabled"]');
    await checkReadable(author.context, page, 'policy-form');
    await page.click('form.policy-form button[type=submit]');
    await page.waitForURL(/\/compliance\/consent$/);
    expect(await notice(page)).toBe('Draft version 1 saved.');
    expect(await page.textContent('[data-refusal]')).toContain('a second compliance key');
    expect(await page.getAttribute('[data-rule="no-notice-method"]', 'data-color')).toBe('red');

    await page.click('form[action="/compliance/consent/approve"] button[type=submit]');
    await page.waitForURL(/\/compliance\/consent$/);
    expect(await notice(page)).toContain('a second compliance key must approve it');

    const approver = await signedIn(secondCompliance);
    const second = approver.page;
    await second.goto(`${t.server.url}/compliance/consent`);
    expect(await second.textContent('[data-refusal]')).toContain('red finding');
    await checkReadable(approver.context, second, 'approval');
    await second.click('form[action="/compliance/consent/approve"] button[type=submit]');
    await second.waitForURL(/\/compliance\/consent$/);
    expect(await notice(second)).toContain('approve it with a reason');
    expect(await t.server.store.consentPolicies.latestApproved('demo')).toBeNull();
    const reason = 'Pilot without notices, agreed with counsel for one week';
    await second.fill('textarea[name=reason]', reason);
    await second.click('form[action="/compliance/consent/approve"] button[type=submit]');
    await second.waitForURL(/\/compliance\/consent$/);
    expect(await notice(second)).toBe('Version 1 approved and in force.');
    expect(await second.textContent('tr[data-version="1"]')).toContain(reason);

    await second.goto(`${t.server.url}/compliance/consent/policy`);
    await second.check('input[name="consentPage.enabled"]');
    await second.selectOption('select[name="consentPage.audience"]', 'everyone');
    await second.click('form.policy-form button[type=submit]');
    await second.waitForURL(/\/compliance\/consent$/);
    expect(await notice(second)).toBe('Draft version 2 saved.');
    expect(await second.textContent('tr[data-field="consentPage.enabled"]')).toContain('true');

    await second.click('.subnav a[href="/compliance/consent/diff"]');
    await second.waitForURL(/\/compliance\/consent\/diff/);
    const fields = await second.$$eval('tr[data-field]', (rows) =>
      rows.map((r) => r.getAttribute('data-field')),
    );
    expect(fields).toEqual(['consentPage.enabled', 'consentPage.audience']);
    await checkReadable(approver.context, second, 'diff');

    await second.click('.subnav a[href="/compliance/consent/simulate"]');
    await second.selectOption('select[name=version]', '2');
    await second.fill(
      'textarea[name=participants]',
      'host, internal, US-TX\nguest, external, DE, decline',
    );
    await second.click('form[action="/compliance/consent/simulate"] button[type=submit]');
    await second.waitForURL(/run=1/);
    expect(await second.getAttribute('[data-would-record]', 'data-would-record')).toBe('false');
    expect(await second.textContent('tr[data-participant="guest"]')).toContain('declined');
    await checkReadable(approver.context, second, 'simulate');
    await author.context.close();
    await approver.context.close();
  }, 180_000);

  it('works without JavaScript: the policy form, simulate and approve are plain forms', async () => {
    const { context, page } = await signedIn(t.keys.compliance, { javaScriptEnabled: false });
    await page.goto(`${t.server.url}/compliance/consent/policy`);
    await page.fill('input[name=recorderName]', 'Northwind notes');
    await page.fill('input[name="noticeEmail.leadTimeHours"]', '48');
    await page.click('form.policy-form button[type=submit]');
    await page.waitForURL(/\/compliance\/consent$/);
    expect(await notice(page)).toMatch(/^Draft version \d+ saved\.$/);
    const draft = await t.server.store.consentPolicies.draft('demo');
    expect(draft?.body).toMatchObject({ recorderName: 'Northwind notes' });
    expect(draft?.body.noticeEmail).toMatchObject({ leadTimeHours: 48 });

    await page.click('form[action="/compliance/consent/approve"] button[type=submit]');
    await page.waitForURL(/\/compliance\/consent$/);
    expect(await notice(page)).toContain('second compliance key');

    await page.goto(`${t.server.url}/compliance/consent/simulate`);
    await page.click('form[action="/compliance/consent/simulate"] button[type=submit]');
    await page.waitForURL(/run=1/);
    expect(await page.$('[data-would-record]')).not.toBeNull();

    // The browser itself keeps a negative lead time from being sent; the server refuses it too.
    await page.goto(`${t.server.url}/compliance/consent/policy`);
    const form = {
      _csrf: (await page.getAttribute('form.policy-form input[name=_csrf]', 'value')) ?? '',
      id: 'northwind-consent',
      recorderName: 'Northwind notes',
      'noticeEmail.enabled': 'on',
      'noticeEmail.audience': 'everyone',
      'consentPage.enabled': 'on',
      'consentPage.audience': 'everyone',
      'announcement.enabled': 'on',
    };
    const refused = await page.request.post(`${t.server.url}/compliance/consent/policy`, {
      form: { ...form, 'noticeEmail.leadTimeHours': '-3' },
      headers: { origin: t.server.url },
      maxRedirects: 0,
    });
    expect(refused.status()).toBe(400);
    expect(await refused.text()).toContain('noticeEmail.leadTimeHours');
    await context.close();
  }, 120_000);

  it('keeps the section from the support role, which sees no link to it', async () => {
    const { context, page } = await signedIn(t.keys.support);
    expect(await page.$('header nav a[href="/compliance/consent"]')).toBeNull();
    await page.goto(`${t.server.url}/compliance/consent`);
    await page.waitForURL(`${t.server.url}/team`);
    expect(await notice(page)).toContain('Only compliance officers and admins');
    await context.close();
  });
});
