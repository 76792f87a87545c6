import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { screenText } from './screen-text.js';
import sentences from './screen-text.json' with { type: 'json' };

const uiDir = fileURLToPath(new URL('..', import.meta.url));
// The attributes a person reads (data-label heads a table cell when the rows stack on a phone).
const readAttributes = new Set([
  'title',
  'placeholder',
  'aria-label',
  'alt',
  'label',
  'button',
  'data-label',
]);
function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsxFiles(path);
    return entry.name.endsWith('.tsx') && !entry.name.includes('.test.') ? [path] : [];
  });
}

/** The words a screen's TSX writes itself: JSX text and the readable attributes' strings. */
function wordsIn(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TSX,
  );
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && /\p{L}{2,}/u.test(node.text)) found.push(node.text.trim());
    if (
      ts.isJsxAttribute(node) &&
      readAttributes.has(node.name.getText(source)) &&
      node.initializer &&
      ts.isStringLiteral(node.initializer) &&
      /\p{L}{2,}/u.test(node.initializer.text)
    )
      found.push(`${node.name.getText(source)}="${node.initializer.text}"`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('screen text', () => {
  it('fills placeholders', () => {
    expect(screenText('page-of', { page: 2, pages: 100 })).toBe('Page 2 of 100');
  });

  it('gives a counted sentence the form that agrees with its count: one for 1, other otherwise', () => {
    expect(screenText('changes-summary', { count: 1 })).toBe(
      '1 change between the evaluation before and the latest one',
    );
    expect(screenText('changes-summary', { count: 0 })).toMatch(/^0 changes /);
    expect(screenText('reminders-left-out', { count: 1, hours: 72 })).toBe(
      '1 member reminded less than 72 hours ago was left out.',
    );
    expect(screenText('reminders-left-out', { count: 2, hours: 72 })).toMatch(
      /^2 members .* were left out\.$/,
    );
  });

  it('writes no count with a "(s)" plural: every counted sentence has its two forms', () => {
    for (const [id, entry] of Object.entries(sentences)) {
      const forms = typeof entry === 'string' ? [entry] : [entry.one, entry.other];
      for (const form of forms) expect(`${id}: ${form}`).not.toMatch(/\(s\)/);
    }
  });

  it('the screens’ TSX writes no label or sentence of its own: they come from the data files', () => {
    const screens = tsxFiles(uiDir);
    // Every screen is walked, the two that were left out last (connection, upcoming meetings) too.
    expect(screens.map((file) => relative(uiDir, file))).toEqual(
      expect.arrayContaining([
        join('connection-screen', 'connection-view.tsx'),
        join('upcoming-meetings-view', 'upcoming-meetings-view.tsx'),
      ]),
    );
    const written = screens.flatMap((file) =>
      wordsIn(file).map((words) => `${relative(uiDir, file)}: ${words}`),
    );
    expect(written).toEqual([]);
  });
});
