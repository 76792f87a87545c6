import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RuleLoadError } from '../rule-load-error/rule-load-error.js';
import { loadCaptureRules, rulesRoot } from './load-rules.js';

const source = join(rulesRoot(), 'capture');
const temps: string[] = [];

/** A private copy of rules/capture with one rule file changed by `edit`. */
function rulesWith(edit: (rule: Record<string, unknown>) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'rules-'));
  temps.push(dir);
  cpSync(source, dir, { recursive: true });
  const file = join(dir, 'recording-seat-missing', 'rule.json');
  const rule = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(rule);
  writeFileSync(file, JSON.stringify(rule));
  return dir;
}

function loadError(dir: string): RuleLoadError {
  try {
    loadCaptureRules(dir);
  } catch (error) {
    if (error instanceof RuleLoadError) return error;
    throw error;
  }
  throw new Error('expected the rules to be refused');
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadCaptureRules', () => {
  it('loads every rule of the repository with its id equal to its folder', () => {
    const { rules } = loadCaptureRules(source);
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) expect(rule.dir.endsWith(rule.id)).toBe(true);
  });

  it('gives member rules a title that fits one member’s row as well as a banner counting many', () => {
    const { rules } = loadCaptureRules(source);
    const memberTitles = rules.filter((r) => r.scope === 'member').map((r) => r.title);
    expect(memberTitles.length).toBeGreaterThan(0);
    expect(memberTitles.filter((title) => /^(Members|All members|Several)\b/.test(title))).toEqual(
      [],
    );
  });

  it('refuses a colour outside yellow and red, naming the file and the field', () => {
    const error = loadError(rulesWith((rule) => Object.assign(rule, { color: 'purple' })));
    expect(error.file).toMatch(/recording-seat-missing[\\/]rule\.json$/);
    expect(error.field).toBe('color');
  });

  it('refuses an id that differs from the folder name', () => {
    const error = loadError(rulesWith((rule) => Object.assign(rule, { id: 'seat-missing' })));
    expect(error.field).toBe('id');
  });

  it('refuses a template placeholder the engine cannot fill', () => {
    const error = loadError(
      rulesWith((rule) => Object.assign(rule, { message: 'Hello {nickname}, nothing works.' })),
    );
    expect(error.field).toBe('message');
    expect(error.message).toContain('{nickname}');
  });

  it('refuses a condition on a fact the engine does not know', () => {
    const error = loadError(
      rulesWith((rule) =>
        Object.assign(rule, {
          conditions: { all: [{ fact: 'member.shoeSize', operator: 'equal', value: 42 }] },
        }),
      ),
    );
    expect(error.field).toBe('conditions');
    expect(error.message).toContain('member.shoeSize');
  });

  it('refuses a file that is not JSON, naming the file', () => {
    const dir = rulesWith(() => {});
    writeFileSync(join(dir, 'recording-seat-missing', 'rule.json'), '{ "id": ');
    const error = loadError(dir);
    expect(error.message).toMatch(/rule\.json: \(root\): not valid JSON/);
  });

  it('refuses a nested condition field with its path', () => {
    const error = loadError(
      rulesWith((rule) =>
        Object.assign(rule, {
          conditions: { all: [{ fact: 'member.inScope', operator: 'looksLike', value: true }] },
        }),
      ),
    );
    expect(error.field).toMatch(/^conditions/);
  });
});
