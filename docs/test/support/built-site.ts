import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** docs/dist: the built site the tests read and serve. */
export const distDir = fileURLToPath(new URL('../../dist', import.meta.url));

/** Where the browser tests keep their screenshots (gitignored). */
export const artifactsDir = fileURLToPath(new URL('../../test-artifacts', import.meta.url));

/** The base path the site is built for; the API serves it there. */
export const base = '/docs';

/**
 * Throws a message saying how to build when docs/dist is missing.
 * @example requireBuiltSite()
 */
export function requireBuiltSite(): void {
  if (!existsSync(join(distDir, 'index.html'))) {
    throw new Error(
      `The docs site is not built (${distDir}/index.html is missing). Run \`npx astro build\` in docs/ first, or \`pnpm test\` from the repository root, which runs \`turbo build\` before the tests.`,
    );
  }
}

/**
 * Every HTML file of the built site, as paths relative to dist (e.g. 'rules/x/index.html').
 * @example htmlFiles().includes('index.html') // true
 */
export function htmlFiles(dir: string = distDir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name.endsWith('.html') ? [relative(distDir, path)] : [];
  });
}

/**
 * The HTML of one built page by its site path ('/docs/rules/x/').
 * @example pageHtml('/docs/')
 */
export function pageHtml(sitePath: string): string {
  return readFileSync(join(distDir, sitePath.slice(base.length), 'index.html'), 'utf8');
}
