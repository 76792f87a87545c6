import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsentLanguage, consentText } from '../../consent-texts/consent-texts.js';
import {
  keepScreenshot,
  launchChromium,
  overflowX,
  seriousViolations,
  viewports,
} from '../../test-support/browser.js';
import {
  consentLinkIn,
  meetingEmails,
  putNoticePolicyInForce,
  registerMeeting,
} from '../../test-support/consent-meeting.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

const phone = viewports.phone;

let t: TestServer;
let browser: Browser;
let link: string;
let meetingId: string;
let companyName: string;

beforeAll(async () => {
  t = await startTestServer();
  await putNoticePolicyInForce(t);
  companyName = ((await (await t.call('/v1/companies/demo')).json()) as { name: string }).name;
  meetingId = await registerMeeting(t, 'Pricing call with Kunde GmbH', 26);
  const email = (await meetingEmails(t, meetingId)).find((e) => e.participantId === 'ana');
  link = consentLinkIn(email?.text ?? '');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function phonePage(language: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: phone,
    locale: language,
    extraHTTPHeaders: { 'accept-language': language },
    ...options,
  });
  return context.newPage();
}

describe('the consent page in Chromium', () => {
  const languages: ConsentLanguage[] = ['en', 'de', 'fr', 'es'];
  for (const language of languages) {
    it(`shows the meeting in ${language} on a 390 px phone, without horizontal scroll, with no serious axe violation`, async () => {
      const page = await phonePage(language, { bypassCSP: true });
      const res = await page.goto(link);
      expect(res?.status()).toBe(200);
      expect(await page.getAttribute('html', 'lang')).toBe(language);
      expect(await page.textContent('h1')).toBe(
        consentText(language, 'heading', { company: companyName }),
      );
      expect(await page.textContent('button.accept')).toBe(consentText(language, 'accept'));
      expect(await page.textContent('button.decline')).toBe(consentText(language, 'decline'));
      const body = (await page.textContent('body')) ?? '';
      expect(body).toContain('Pricing call with Kunde GmbH');
      expect(body).toContain('Northwind Notetaker');
      expect(body).not.toContain('Bo Lee');
      expect(await overflowX(page)).toBe(0);
      await keepScreenshot(page, `consent-page-${language}-390`);
      expect(await seriousViolations(page)).toEqual([]);
      await page.context().close();
    });
  }

  it('takes an answer with JavaScript disabled, and lets the participant change it', async () => {
    const page = await phonePage('en', { javaScriptEnabled: false });
    await page.goto(link);
    await page.click('button.accept');
    await page.waitForURL(/saved=1$/);
    expect(await page.textContent('p.status')).toContain('You accepted the recording on');
    expect(await page.textContent('[role=status]')).toBe('Thank you: your answer is saved.');
    await keepScreenshot(page, 'consent-page-accepted-390');
    const read = async () =>
      (
        (await (await t.call(`/v1/companies/demo/meetings/${meetingId}`)).json()) as {
          participants: Array<{ id: string; consent: string }>;
        }
      ).participants.find((p) => p.id === 'ana')?.consent;
    expect(await read()).toBe('accepted');
    await page.click('button.decline');
    await page.waitForURL(/saved=1$/);
    expect(await page.textContent('p.status')).toContain('You declined the recording on');
    expect(await read()).toBe('declined');
    await page.context().close();
  });

  it('shows the not-found page for an unknown link, accessible and phone-sized', async () => {
    const page = await phonePage('es', { bypassCSP: true });
    const res = await page.goto(`${t.server.url}/consent/${'Z'.repeat(43)}`);
    expect(res?.status()).toBe(404);
    expect(await page.textContent('h1')).toBe(consentText('es', 'notFoundHeading'));
    expect(await overflowX(page)).toBe(0);
    await keepScreenshot(page, 'consent-page-not-found-390');
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });
});
