import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReadable, launchChromium, signedInPage } from '../../test-support/browser.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

let t: TestServer;
let browser: Browser;
let secondCompliance: string;

beforeAll(async () => {
  t = await startTestServer();
  secondCompliance = (await t.server.store.apiKeys.create('demo', { role: 'compliance' })).key;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const signedIn = (key: string, options: Parameters<Browser['newContext']>[0] = {}) =>
  signedInPage(browser, t.server.url, key, options);
const notice = (page: Page) => page.textContent('p.notice');
const readable = (page: Page, name: string) => checkReadable(page, `consent-${name}`);

describe('the Consent screens in Chromium', () => {
  it('edits the draft, refuses the author and a red draft with the sentence shown, approves with a reason, compares and simulates', async () => {
    const author = await signedIn(t.keys.compliance);
    const page = author.page;
    await page.click('header nav a[href="/compliance/consent"]');
    await page.waitForURL(/\/compliance\/consent$/);
    expect(await page.textContent('h1')).toBe('Recording consent');
    await readable(page, 'empty');

    await page.click('.subnav a[href="/compliance/consent/policy"]');
    await page.fill('input[name=recorderName]', 'Northwind recorder');
    await page.uncheck('input[name="noticeEmail.enabled"]');
    await page.uncheck('input[name="consentPage.enabled"]');
    await page.uncheck('input[name="announcement.enabled"]');
    await readable(page, 'policy-form');
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
    await readable(second, 'approval');
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
    await readable(second, 'diff');

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
    await readable(second, 'simulate');
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
