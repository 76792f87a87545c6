import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const guide = readFileSync(join(root, 'docs/src/content/docs/guides/deployment.md'), 'utf8');
const VARIABLE = /CAPTURE_DOCTOR_[A-Z_]*[A-Z]/g;
// The test suites' own settings, and two developer switches an operator does not set.
const NOT_FOR_OPERATORS = /^CAPTURE_DOCTOR_(TEST_.*|RULES_DIR|DEBUG)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return ['node_modules', 'dist'].includes(entry.name) ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

// Every variable the services' code names, read from the sources of every package and app.
const readByCode = new Set(
  ['apps', 'packages'].flatMap((group) =>
    readdirSync(join(root, group)).flatMap((name) =>
      sourceFiles(join(root, group, name, 'src')).flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(VARIABLE)].map((match) => match[0]),
      ),
    ),
  ),
);
const named = new Set([...guide.matchAll(VARIABLE)].map((match) => match[0]));

describe('the deployment guide', () => {
  it('names only environment variables the code reads', () => {
    expect([...named].filter((variable) => !readByCode.has(variable))).toEqual([]);
  });

  it('names every environment variable an operator may set', () => {
    const missing = [...readByCode].filter(
      (variable) => !NOT_FOR_OPERATORS.test(variable) && !named.has(variable),
    );
    expect(missing).toEqual([]);
  });
});
