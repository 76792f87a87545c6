import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { scriptHashes } from './index.js';

let t: TestServer;
const docsDir = mkdtempSync(join(tmpdir(), 'capture-doctor-docs-'));
beforeAll(async () => {
  mkdirSync(join(docsDir, 'rules'));
  writeFileSync(join(docsDir, 'rules', 'index.html'), '<title>rules</title>');
  t = await startTestServer({ docsDir });
});
afterAll(async () => {
  await t.close();
  rmSync(docsDir, { recursive: true, force: true });
});

describe('security headers', () => {
  it('the team pages, /reference and /docs all forbid framing and sniffing', async () => {
    for (const path of ['/sign-in', '/team', '/reference', '/docs/rules/']) {
      const res = await fetch(`${t.server.url}${path}`, { redirect: 'manual' });
      await res.text();
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("default-src 'none'");
      expect(csp, path).toContain("base-uri 'none'");
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
    }
  });

  it('lets /reference run only the service’s own scripts (no inline script, no other origin) and call the API, and the team pages no script', async () => {
    const reference = await fetch(`${t.server.url}/reference`);
    const csp = reference.headers.get('content-security-policy') ?? '';
    const html = await reference.text();
    expect(scriptHashes(html)).toBe("'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:|\*|'unsafe-eval'/);
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(sources).toContain('/reference/assets/swagger-ui-bundle.js');
    for (const source of sources) expect(source, source).toMatch(/^\/[a-z]/);
    for (const source of sources.filter((s) => s.startsWith('/reference/assets/'))) {
      const asset = await fetch(`${t.server.url}${source}`);
      expect(asset.status, source).toBe(200);
      expect(asset.headers.get('x-content-type-options'), source).toBe('nosniff');
      await asset.arrayBuffer();
    }
    const outside = await fetch(`${t.server.url}/reference/assets/package.json`);
    expect(outside.status).toBe(404);
    await outside.text();
    const team = await fetch(`${t.server.url}/sign-in`);
    await team.text();
    expect(team.headers.get('content-security-policy')).toContain("script-src 'none'");
  });

  it('hashes each inline script of a page', () => {
    expect(scriptHashes('<p>no script</p>')).toBe("'none'");
    expect(scriptHashes('<script>a()</script><script>b()</script>').split(' ')).toHaveLength(2);
    expect(scriptHashes('<script>a()</script>')).toMatch(/^'sha256-[A-Za-z0-9+/]{43}='$/);
  });
});
