import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { base, distDir, htmlFiles } from './support/built-site.js';

const LINK = /\s(?:href|src)="([^"]*)"/g;
const ID = /\sid="([^"]*)"/g;

/** The site path a built file is served at: 'rules/x/index.html' -> '/docs/rules/x/'. */
function pagePath(file: string): string {
  return `${base}/${file.replace(/index\.html$/, '')}`;
}

/** The built file a site path resolves to, or null when nothing is there. */
function fileFor(pathname: string): string | null {
  if (!pathname.startsWith(`${base}/`)) return null;
  const path = join(distDir, decodeURIComponent(pathname.slice(base.length)));
  for (const candidate of [path, join(path, 'index.html'), `${path}.html`]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

const idsByFile = new Map<string, Set<string>>();
function idsIn(file: string): Set<string> {
  let ids = idsByFile.get(file);
  if (!ids) {
    ids = new Set([...readFileSync(file, 'utf8').matchAll(ID)].map((match) => match[1] ?? ''));
    idsByFile.set(file, ids);
  }
  return ids;
}

/** Every internal link of one page that does not resolve, as 'href (why)'. */
function brokenLinks(file: string): string[] {
  const html = readFileSync(join(distDir, file), 'utf8');
  const pageUrl = new URL(pagePath(file), 'http://site.invalid');
  const broken: string[] = [];
  for (const [, raw = ''] of html.matchAll(LINK)) {
    const href = raw.replaceAll('&amp;', '&');
    if (href === '' || /^(?:[a-z]+:|\/\/)/i.test(href)) continue;
    const url = new URL(href, pageUrl);
    if (url.host !== 'site.invalid') continue;
    const target = fileFor(url.pathname);
    if (!target) {
      broken.push(`${href} (no page)`);
      continue;
    }
    const fragment = decodeURIComponent(url.hash.slice(1));
    if (fragment && target.endsWith('.html') && !idsIn(target).has(fragment)) {
      broken.push(`${href} (no element with id "${fragment}")`);
    }
  }
  return broken;
}

describe('internal links', () => {
  const files = htmlFiles();

  it('are checked on every built page', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('all resolve to a built page or asset, including their #fragment', () => {
    const broken = files.flatMap((file) => brokenLinks(file).map((link) => `${file}: ${link}`));
    expect(broken).toEqual([]);
  });
});
