import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { consentRulesDir, readConsentRules } from './consent-loader.js';

const made: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'docs-consent-'));
  made.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('readConsentRules', () => {
  it('gives nothing while rules/consent has no jurisdictions.json, so the site still builds', () => {
    expect(readConsentRules(tempDir())).toBeNull();
  });

  it('refuses a broken rule file, naming the file and the field', () => {
    const dir = tempDir();
    cpSync(consentRulesDir(), dir, { recursive: true });
    const [first] = readConsentRules(dir)?.rules ?? [];
    if (!first) throw new Error('rules/consent has no rule to break');
    writeFileSync(join(dir, first.id, 'rule.json'), JSON.stringify({ id: first.id }));
    expect(() => readConsentRules(dir)).toThrow(new RegExp(`${first.id}/rule.json`));
  });
});
