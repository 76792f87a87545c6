import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCaptureRules } from '@capture-doctor/engine';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepScreenshot, launchChromium } from '../../test-support/browser.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

const builtDocs = fileURLToPath(new URL('../../../../../docs/dist/', import.meta.url));
const catalog = loadCaptureRules().catalog;

// The built docs site when there is one; otherwise a one-page stand-in so the link can be followed.
function docsDir(): string {
  if (existsSync(join(builtDocs, 'rules', 'provider-authorization-failed', 'index.html')))
    return builtDocs;
  const dir = mkdtempSync(join(tmpdir(), 'capture-doctor-docs-'));
  mkdirSync(join(dir, 'rules', 'provider-authorization-failed'), { recursive: true });
  writeFileSync(
    join(dir, 'rules', 'provider-authorization-failed', 'index.html'),
    '<title>provider-authorization-failed</title><h1>provider-authorization-failed</h1>',
  );
  return dir;
}

let t: TestServer;
let browser: Browser;

beforeAll(async () => {
  t = await startTestServer({ docsDir: docsDir() });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signIn(page: Page, key: string): Promise<void> {
  await page.goto(`${t.server.url}/team`);
  expect(new URL(page.url()).pathname).toBe('/sign-in');
  await page.fill('input[name=key]', key);
  await page.click('button[type=submit]');
  await page.waitForURL(`${t.server.url}/team`);
}

const rowIds = (page: Page) =>
  page.$$eval('tr[data-member]', (rows) => rows.map((r) => r.getAttribute('data-member')));

describe('the team-members page in Chromium', () => {
  it('signs in, shows yellow and red members in catalog colours, filters, searches, opens a member and follows a docs link', async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    await signIn(page, t.keys.admin);

    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'cd_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });

    await expect.poll(() => rowIds(page)).toHaveLength(20);
    expect(await page.evaluate('document.compatMode')).toBe('CSS1Compat');
    const fill = (member: string, icon: string) =>
      page.$eval(`tr[data-member="${member}"] [data-icon="${icon}"] path`, (p) =>
        p.getAttribute('fill'),
      );
    expect(await fill('m17', 'microphone')).toBe(catalog.colors.red.hex);
    expect(await fill('m04', 'microphone')).toBe(catalog.colors.yellow.hex);
    expect(await fill('m01', 'email')).toBe(catalog.colors.green.hex);
    expect(await page.textContent('[data-rule="members-not-connected"]')).toContain('3');
    await keepScreenshot(page, 'team-members-1360');

    await page.selectOption('select[name=color]', 'red');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/color=red/);
    expect(await rowIds(page)).toEqual(['m17', 'm18', 'm19']);

    await page.selectOption('select[name=color]', '');
    await page.fill('input[name=q]', 'OLGA');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/q=OLGA/);
    expect(await rowIds(page)).toEqual(['m15']);

    await page.goto(`${t.server.url}/team?color=red`);
    await page.click('tr[data-member="m17"] a.member-name');
    await page.waitForURL(/\/team\/members\/m17$/);
    expect(await page.textContent('h1')).toBe('Quinn Harper');
    expect(await page.textContent('.because')).toContain('member.mailboxError.code');
    expect(await page.$$eval('h2', (hs) => hs.map((h) => h.textContent))).toContain(
      'Colour history',
    );
    await keepScreenshot(page, 'team-member-detail-1360');

    await page.click('[data-rule="provider-error-needs-support"] a[href^="/docs/rules/"]');
    await page.waitForURL(/\/docs\/rules\/provider-error-needs-support\/#google-workspace$/);
    expect(await page.content()).toContain('provider-error-needs-support');
    await context.close();
  });

  it('works without JavaScript: sign in and filter through plain forms', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, t.keys.support);
    await page.selectOption('select[name=color]', 'yellow');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/color=yellow/);
    const ids = await rowIds(page);
    expect(ids).toContain('m04');
    expect(ids).not.toContain('m01');
    await page.goto(`${t.server.url}/team/members/m19`);
    // The raw error the sync read from the demo's fake Google Workspace.
    expect(await page.textContent('pre.raw')).toContain('malformed_response');
    // Each probe's own error, not only the first failure.
    expect(await page.textContent('pre.raw')).toContain('"mailboxError"');
    await context.close();
  });

  it('refuses a wrong key with a readable message and sets no cookie', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${t.server.url}/sign-in`);
    await page.fill('input[name=key]', 'cdk_wrong');
    await page.click('button[type=submit]');
    expect(await page.textContent('.error')).toContain('not accepted');
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });

  it('a page on another port of 127.0.0.1 that posts a form to the service while signed in gets 403, and nothing is queued', async () => {
    const before = (await t.server.store.outbox.list('demo')).length;
    const attacker: Server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(
        `<!doctype html><form id="f" method="post" action="${t.server.url}/team/reminders">` +
          '<input name="x" value="1"></form><script>document.getElementById("f").submit()</script>',
      );
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    const attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
    expect(attackerUrl).not.toBe(`${t.server.url}/`);
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, t.keys.admin);
    const answered = page.waitForResponse((res) => res.url() === `${t.server.url}/team/reminders`);
    await page.goto(attackerUrl);
    const answer = await answered;
    // The browser did send the session cookie: only the CSRF defence stands in the way.
    expect(await answer.request().headerValue('cookie')).toContain('cd_session=');
    expect(answer.status()).toBe(403);
    expect((await t.server.store.outbox.list('demo')).length).toBe(before);
    await context.close();
    await new Promise<void>((resolve) => attacker.close(() => resolve()));
  });
});
