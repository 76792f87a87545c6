import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

let t: TestServer;
const docsDir = mkdtempSync(join(tmpdir(), 'capture-doctor-docs-'));
beforeAll(async () => {
  mkdirSync(join(docsDir, 'rules'));
  writeFileSync(join(docsDir, 'rules', 'index.html'), '<title>rules</title>');
  writeFileSync(join(docsDir, '404.html'), '<title>Page not found</title><h1>Not in the docs</h1>');
  t = await startTestServer({ docsDir, demo: false });
});
afterAll(async () => {
  await t.close();
  rmSync(docsDir, { recursive: true, force: true });
});

describe('a missing docs path', () => {
  it('answers 404 with the docs site’s own not-found page, as HTML', async () => {
    const res = await fetch(`${t.server.url}/docs/rules/no-such-rule/`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('Not in the docs');
    const found = await fetch(`${t.server.url}/docs/rules/`);
    expect(found.status).toBe(200);
    expect(await found.text()).toContain('<title>rules</title>');
  });
});
