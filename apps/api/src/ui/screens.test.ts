import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  checkAtThisWidth,
  keepScreenshot,
  launchChromium,
  signedInPage as signedInContext,
  viewports,
} from '../test-support/browser.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

// Chromium on a shared two-core machine: a screen and its checks take seconds, not milliseconds.
vi.setConfig({ testTimeout: 120_000 });

const refusalsFile = fileURLToPath(
  new URL('../../../../rules/machines/refusals.json', import.meta.url),
);
const connectionRefusals: string[] = Object.values(
  z
    .object({ connection: z.record(z.string(), z.string()) })
    .parse(JSON.parse(readFileSync(refusalsFile, 'utf8'))).connection,
);

let t: TestServer;
let browser: Browser;

beforeAll(async () => {
  t = await startTestServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

type Width = keyof typeof viewports;
const widths = Object.keys(viewports) as Width[];

async function signedInPage(width: Width, key = t.keys.admin): Promise<Page> {
  return (await signedInContext(browser, t.server.url, key, { viewport: viewports[width] })).page;
}

const rowIds = (page: Page) =>
  page.$$eval('tr[data-member]', (rows) => rows.map((r) => r.getAttribute('data-member')));

describe.each(widths)('the screens at %s width', (width) => {
  it('the team page pages its members, keeps the filters across pages and counts the whole company', async () => {
    const page = await signedInPage(width);
    await checkAtThisWidth(page, 'team');
    expect(await page.getAttribute('link[rel=icon]', 'href')).toBe('/favicon.svg');
    expect((await page.request.get(`${t.server.url}/favicon.svg`)).status()).toBe(200);

    await page.goto(`${t.server.url}/team?size=5`);
    expect(await rowIds(page)).toEqual(['m01', 'm02', 'm03', 'm04', 'm05']);
    expect(await page.textContent('.pager')).toContain('Page 1 of 4');
    await page.click('.pager a[rel=next]');
    await page.waitForURL(/page=2/);
    expect(await rowIds(page)).toEqual(['m06', 'm07', 'm08', 'm09', 'm10']);
    await checkAtThisWidth(page, 'team-page-2');

    await page.goto(`${t.server.url}/team?color=yellow&size=2`);
    const firstPage = await rowIds(page);
    await page.click('.pager a[rel=next]');
    await page.waitForURL(/color=yellow.*page=2|page=2.*color=yellow/);
    const secondPage = await rowIds(page);
    expect(secondPage).toHaveLength(2);
    expect(secondPage.some((id) => firstPage.includes(id))).toBe(false);
    // the counts stay the company's, whatever the filter and page
    const counts = await page.$$eval('.summary .count b', (bs) =>
      bs.map((b) => Number(b.textContent)),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(20);
    expect(await page.textContent('.sub')).toMatch(/of \d+ matching members \(20 in the company\)/);
    await page.context().close();
  });

  it('a member page shows times in the viewer’s zone with UTC on hover', async () => {
    const page = await signedInPage(width);
    await page.goto(`${t.server.url}/team/members/m17`);
    await checkAtThisWidth(page, 'member');
    const time = page.locator('time[datetime]').first();
    expect(await time.getAttribute('data-local')).toBe('true');
    expect(await time.getAttribute('title')).toMatch(/ UTC$/);
    await page.context().close();
  });

  it('an admin acknowledges a finding from the member page with a reason and a date, sees it listed, and revokes it', async () => {
    const page = await signedInPage(width);
    await page.goto(`${t.server.url}/team/members/m13`);
    const card = page.locator('section.card[data-rule="calendar-not-available"]');
    await card.locator('details.acknowledge summary').click();
    await checkAtThisWidth(page, 'member-acknowledge-form');
    await card.locator('input[name=reason]').fill(`calendar being restored (${width})`);
    await card.locator('input[name=until]').fill('2099-06-01');
    await card.locator('button[type=submit]').click();
    await page.waitForURL(/\/team\/members\/m13$/);
    expect(await page.textContent('p.notice')).toContain('2099-06-01');
    expect(await card.locator('p.notice').textContent()).toContain(
      `calendar being restored (${width})`,
    );

    await page.click('nav a[href="/team/acknowledgements"]');
    await page.waitForURL(/\/team\/acknowledgements$/);
    const row = page.locator('tr[data-state="active"]', { hasText: `(${width})` });
    expect(await row.count()).toBe(1);
    await checkAtThisWidth(page, 'acknowledgements');
    await row.locator('button[type=submit]').click();
    await page.waitForURL(/\/team\/acknowledgements$/);
    expect(await page.textContent('p.notice')).toContain('revoked');
    expect(await page.locator('tr[data-state="revoked"]', { hasText: `(${width})` }).count()).toBe(
      1,
    );
    await page.goto(`${t.server.url}/team/members/m13`);
    expect(await card.locator('details.acknowledge').count()).toBe(1);
    await page.context().close();
  });

  it('a date in the past is refused with its sentence and nothing is acknowledged', async () => {
    const page = await signedInPage(width);
    const before = (await t.server.store.acknowledgements.list('demo')).length;
    await page.goto(`${t.server.url}/team/members/m13`);
    const card = page.locator('section.card[data-rule="calendar-not-available"]');
    await card.locator('details.acknowledge summary').click();
    await card.locator('input[name=reason]').fill('too late');
    await card.locator('input[name=until]').fill('2001-01-01');
    await card.locator('button[type=submit]').click();
    await page.waitForURL(/\/team\/members\/m13$/);
    expect(await page.textContent('p.notice')).toContain('expiresAt: must be in the future');
    expect((await t.server.store.acknowledgements.list('demo')).length).toBe(before);
    await page.context().close();
  });

  it('the connection settings screen switches an import through the connection machine, shows a refusal as its sentence, and stores a secret without showing it', async () => {
    const page = await signedInPage(width);
    await page.goto(`${t.server.url}/team/connection`);
    await checkAtThisWidth(page, 'connection');
    const calendar = page.locator('form[data-import="calendar"]');
    const before = await calendar.locator('.import-state').textContent();
    await calendar.locator('button').click();
    await page.waitForURL(/\/team\/connection$/);
    expect(await page.textContent('p.notice')).toContain('Change saved');
    expect(await calendar.locator('.import-state').textContent()).not.toBe(before);

    const state = await page.textContent('.state');
    const connect = page.locator('[data-change="CONNECT_COMPANY_WIDE"]');
    await connect.locator('input[name=tenantId]').fill('another-tenant');
    await connect.locator('input[name=byProviderAdmin]').check();
    await connect.locator('button[type=submit]').click();
    await page.waitForURL(/\/team\/connection$/);
    const refusal = (await page.textContent('p.notice')) ?? '';
    expect(refusal).toMatch(/^Change refused: /);
    expect(
      connectionRefusals.some((sentence) => refusal.includes(sentence)),
      refusal,
    ).toBe(true);
    expect(await page.textContent('.state')).toBe(state);
    await checkAtThisWidth(page, 'connection-refused');

    const secret = `a-secret-value-${width}-7f3a9c`;
    await page.fill('#credential-secret', secret);
    await page.click('[data-change="credentials"] button[type=submit]');
    await page.waitForURL(/\/team\/connection$/);
    expect(await page.textContent('p.notice')).toContain('Credential stored');
    expect(await page.content()).not.toContain(secret);
    await page.context().close();
  });

  it('a fix that is made in the company settings links to the connection settings screen', async () => {
    const page = await signedInPage(width);
    const links = page.locator('a.fix-link[href="/team/connection"]');
    expect(await links.count()).toBeGreaterThan(0);
    await links.first().click();
    await page.waitForURL(/\/team\/connection$/);
    expect(await page.textContent('h1')).toBe('Connection settings');
    await page.context().close();
  });

  it('the reminders screen shows the cooldown, who is reminded and why, and previews each email with its steps and link', async () => {
    const page = await signedInPage(width);
    await page.goto(`${t.server.url}/team/reminders`);
    await page.locator('tr[data-member="m06"] details.preview summary').click();
    await checkAtThisWidth(page, 'reminders');
    expect(await page.textContent('.cooldown')).toContain('24 hours');
    const preview = page.locator('tr[data-member="m06"] details.preview');
    expect(await preview.locator('.subject').textContent()).toContain(
      'Reminder: connect your Google Workspace account for Northwind',
    );
    // a member whose own connection broke is asked to connect again, in those words
    const broken = page.locator('tr[data-member]', { hasText: 'own connection is broken' }).first();
    expect(await broken.locator('.subject').textContent()).toContain(
      'reconnect your Google Workspace',
    );
    const text = (await preview.locator('pre.email').textContent()) ?? '';
    expect(text).toContain('Hello Farid Haddad');
    expect(text).toContain('1. Open the link below');
    expect(text).toContain(`Connect here: ${t.server.url}/docs/rules/members-not-connected/`);
    await page.context().close();
  });

  it('the header links to what changed between the last two evaluations: who changed colour on which icon, and why', async () => {
    // An acknowledgement makes a new evaluation in which m13's calendar takes another colour.
    const ack = await t.call('/v1/companies/demo/acknowledgements', {
      method: 'POST',
      json: {
        memberId: 'm13',
        ruleId: 'calendar-not-available',
        reason: 'to see a change',
        expiresAt: '2099-01-01T00:00:00Z',
      },
    });
    expect(ack.status).toBe(201);
    const page = await signedInPage(width);
    await page.click('nav a[href="/team/changes"]');
    await page.waitForURL(/\/team\/changes$/);
    await checkAtThisWidth(page, 'changes');
    const row = page.locator('table.changes tr[data-member="m13"][data-icon="calendar"]');
    expect(await row.count()).toBe(1);
    expect(await row.locator('td[data-label="Why"]').textContent()).toContain(
      'calendar-not-available no longer applies',
    );
    const { id } = (await ack.json()) as { id: string };
    await t.call(`/v1/companies/demo/acknowledgements/${id}`, { method: 'DELETE' });
    await page.context().close();
  });

  it('Sync now follows the sync on the page without a reload and shows the result', async () => {
    const page = await signedInPage(width);
    const loads: string[] = [];
    page.on('framenavigated', (frame) => loads.push(frame.url()));
    await page.click('form[action="/team/sync"] button');
    await page.waitForURL(`${t.server.url}/team`);
    const navigations = loads.length;
    const line = page.locator('p.sync-status');
    await expect.poll(() => line.getAttribute('data-phase'), { timeout: 60_000 }).toBe('completed');
    expect(await line.textContent()).toContain('completed');
    expect(await page.locator('[data-sync-done]').isVisible()).toBe(true);
    // the line moved with no page load of its own
    expect(loads.length).toBe(navigations);
    await checkAtThisWidth(page, 'team-sync-done');
    await page.context().close();
  });
});

describe.each(widths)('the pages before and around the team screens at %s width', (width) => {
  it('sign-in, a refused sign-in and the upcoming meetings read well', async () => {
    const context = await browser.newContext({ viewport: viewports[width] });
    const page = await context.newPage();
    await page.goto(`${t.server.url}/sign-in`);
    await checkAtThisWidth(page, 'sign-in');
    await page.fill('input[name=key]', 'cdk_not_a_key_of_this_company_0000');
    await page.click('button[type=submit]');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await checkAtThisWidth(page, 'sign-in-refused');
    await context.close();

    const signed = await signedInPage(width);
    await signed.click('nav a[href="/meetings"]');
    await signed.waitForURL(/\/meetings$/);
    await checkAtThisWidth(signed, 'upcoming-meetings');
    await signed.context().close();
  });
});

describe('times on the screens', () => {
  const zone = { locale: 'en-US', timezoneId: 'Asia/Tokyo' };
  const firstTime = async (page: Page) => {
    const time = page.locator('time[datetime]').first();
    return {
      iso: (await time.getAttribute('datetime')) ?? '',
      text: (await time.textContent()) ?? '',
      title: (await time.getAttribute('title')) ?? '',
    };
  };

  it('read in UTC without JavaScript, in the viewer’s zone with it, UTC on hover either way', async () => {
    const plain = await signedInContext(browser, t.server.url, t.keys.admin, {
      ...zone,
      javaScriptEnabled: false,
    });
    await plain.page.goto(`${t.server.url}/team/members/m17`);
    const utc = await firstTime(plain.page);
    expect(utc.text).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    expect(utc.title).toBe(utc.text);
    await plain.context.close();

    const scripted = await signedInContext(browser, t.server.url, t.keys.admin, zone);
    await scripted.page.goto(`${t.server.url}/team/members/m17`);
    await expect
      .poll(() => scripted.page.locator('time[data-local="true"]').count())
      .toBeGreaterThan(0);
    const local = await firstTime(scripted.page);
    expect(local.iso).toBe(utc.iso);
    expect(local.text).toBe(
      new Date(utc.iso).toLocaleString('en-US', {
        timeZone: 'Asia/Tokyo',
        dateStyle: 'medium',
        timeStyle: 'short',
      }),
    );
    expect(local.title).toBe(utc.title);
    await scripted.context.close();
  });
});

describe('reminders on screen', () => {
  it('one click reminds each member once, shows when; a second click within the cooldown queues nobody', async () => {
    const page = await signedInPage('desktop');
    await page.goto(`${t.server.url}/team/reminders`);
    const before = (await t.server.store.outbox.list('demo')).length;
    const members = await page.$$eval('tr[data-cooling="false"]', (rows) => rows.length);
    expect(members).toBeGreaterThanOrEqual(3);
    await page.click('form[action="/team/reminders"] button');
    await page.waitForURL(/\/team\/reminders$/);
    expect(await page.textContent('p.notice')).toContain(`${members} reminder emails queued`);
    expect((await t.server.store.outbox.list('demo')).length).toBe(before + members);
    expect(await page.$$eval('tr[data-cooling="false"]', (rows) => rows.length)).toBe(0);
    expect(await page.locator('tr[data-member="m06"] .last-reminded time').count()).toBe(1);
    expect(await page.locator('form[action="/team/reminders"] button').isDisabled()).toBe(true);
    await keepScreenshot(page, 'reminders-sent-1360');

    const again = await t.call('/v1/companies/demo/reminders', { method: 'POST' });
    expect(again.status).toBe(202);
    expect(((await again.json()) as { queued: number }).queued).toBe(0);
    expect((await t.server.store.outbox.list('demo')).length).toBe(before + members);
    await page.context().close();
  });
});
