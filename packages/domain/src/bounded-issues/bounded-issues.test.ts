import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { boundedIssues, ISSUE_LIMITS } from './bounded-issues.js';

const manyKeys = (n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 1]));

describe('boundedIssues', () => {
  it('names 300,000 unknown keys in one short problem: the first key as the field, the rest counted', () => {
    const result = z.strictObject({ a: z.number().optional() }).safeParse(manyKeys(300_000));
    expect(result.success).toBe(false);
    const problems = boundedIssues(result.error?.issues ?? []);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('k0');
    expect(problems[0]?.message).toMatch(/^unknown keys: "k0", "k1", .* and [\d,]+ more$/);
    expect(problems[0]?.message.length).toBeLessThanOrEqual(ISSUE_LIMITS.messageChars);
    const listed = problems[0]?.message.match(/"k\d+"/g)?.length ?? 0;
    expect(problems[0]?.message).toContain(
      `and ${(300_000 - listed).toLocaleString('en-US')} more`,
    );
  });

  it('names a single unknown key by its path', () => {
    const result = z.strictObject({ a: z.strictObject({}) }).safeParse({ a: { colour: 1 } });
    expect(boundedIssues(result.error?.issues ?? [])).toEqual([
      { path: 'a.colour', message: 'unknown key: "colour"' },
    ]);
  });

  it('keeps at most 30 problems and says how many more there were', () => {
    const result = z.array(z.string()).safeParse(Array.from({ length: 1000 }, () => 1));
    const problems = boundedIssues(result.error?.issues ?? []);
    expect(problems).toHaveLength(ISSUE_LIMITS.issues + 1);
    expect(problems[0]?.path).toBe('[0]');
    expect(problems.at(-1)).toEqual({ path: '(root)', message: 'and 970 more problems' });
  });

  it('cuts a long message and a long field', () => {
    const longKey = 'x'.repeat(10_000);
    const result = z
      .record(z.string(), z.number())
      .superRefine((_, ctx) => ctx.addIssue({ code: 'custom', message: 'y'.repeat(10_000) }))
      .safeParse({ [longKey]: 'not a number' });
    for (const p of boundedIssues(result.error?.issues ?? [])) {
      expect(p.path.length).toBeLessThanOrEqual(ISSUE_LIMITS.fieldChars);
      expect(p.message.length).toBeLessThanOrEqual(ISSUE_LIMITS.messageChars);
    }
  });
});
