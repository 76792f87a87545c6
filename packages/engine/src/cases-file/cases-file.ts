import { IconColor } from '@capture-doctor/domain';
import { z } from 'zod';

/**
 * One example a rule is tested on: `company` and `member` are deep overrides merged onto the
 * healthy baseline snapshot (`rules/capture/cases-baseline.json`); the case's member has id `m1`.
 */
export const RuleCase = z.strictObject({
  name: z.string().min(5),
  fires: z.boolean().describe('whether the rule must fire for member m1'),
  company: z.record(z.string(), z.unknown()).default({}),
  member: z.record(z.string(), z.unknown()).default({}),
  expectIcons: z
    .strictObject({
      microphone: IconColor.optional(),
      calendar: IconColor.optional(),
      email: IconColor.optional(),
    })
    .optional()
    .describe('icon colours member m1 must end with'),
});
export type RuleCase = z.infer<typeof RuleCase>;

/**
 * The schema of a `cases.json` whose cases have the given shape: at least one case where the
 * rule fires and one near miss where it must not.
 * @example casesFileOf(RuleCase).parse(JSON.parse(text))
 */
export function casesFileOf<Case extends z.ZodType<{ fires: boolean }>>(ruleCase: Case) {
  return z.strictObject({
    $schema: z.string().optional(),
    cases: z
      .array(ruleCase)
      .min(2)
      .refine((cases) => cases.some((c) => c.fires), 'needs at least one case where the rule fires')
      .refine(
        (cases) => cases.some((c) => !c.fires),
        'needs at least one near miss where the rule must not fire',
      ),
  });
}

/** `rules/capture/<id>/cases.json`: where the rule must fire, and near misses where it must not. */
export const CasesFile = casesFileOf(RuleCase);
export type CasesFile = z.infer<typeof CasesFile>;
