import { describe, expect, it } from 'vitest';
import { loadCaptureRules } from '../load-rules/load-rules.js';
import { describeCondition, describedLines } from './describe-condition.js';

const { catalog, rules } = loadCaptureRules();

describe('describeCondition', () => {
  it('puts a rule into words with the catalog names of facts and operators', () => {
    const rule = rules.find((r) => r.id === 'recording-seat-missing')!;
    expect(describedLines(describeCondition(rule.conditions, catalog))).toEqual([
      'all of:',
      '  - recording is switched on for the member is yes',
      "  - the member's seat includes recording is not yes",
    ]);
  });

  it('names every fact of every rule in words, never by its dotted name', () => {
    for (const rule of rules) {
      const text = describedLines(describeCondition(rule.conditions, catalog)).join('\n');
      expect(text, rule.id).not.toMatch(/\b(member|company)\.[a-z]/);
    }
  });
});
