import { ConsentPolicy, Participant } from '@capture-doctor/domain';
import { z } from 'zod';

/**
 * One example a consent rule is tested on: `policy` is a deep override merged onto the
 * baseline policy (`rules/consent/cases-baseline.json`); `participants`, when given,
 * replaces the baseline participants.
 */
export const ConsentRuleCase = z.strictObject({
  name: z.string().min(5),
  fires: z.boolean().describe('whether the rule must fire'),
  policy: z.record(z.string(), z.unknown()).default({}),
  participants: z.array(Participant).optional(),
});
export type ConsentRuleCase = z.infer<typeof ConsentRuleCase>;

/** `rules/consent/<id>/cases.json`: where the rule must fire, and near misses where it must not. */
export const ConsentCasesFile = z.strictObject({
  $schema: z.string().optional(),
  cases: z
    .array(ConsentRuleCase)
    .min(2)
    .refine((cases) => cases.some((c) => c.fires), 'needs at least one case where the rule fires')
    .refine(
      (cases) => cases.some((c) => !c.fires),
      'needs at least one near miss where the rule must not fire',
    ),
});
export type ConsentCasesFile = z.infer<typeof ConsentCasesFile>;

/** `rules/consent/cases-baseline.json`: a policy and meeting on which no consent rule fires. */
export const ConsentCasesBaseline = z.strictObject({
  $schema: z.string().optional(),
  policy: ConsentPolicy,
  participants: z.array(Participant).min(1),
});
export type ConsentCasesBaseline = z.infer<typeof ConsentCasesBaseline>;

/**
 * The policy and participants a case describes: the case's policy overrides deep-merged onto
 * the baseline (objects merge, scalars replace), validated as a ConsentPolicy.
 * @example consentCaseInput(baseline, { name: 'no notice', fires: true, policy: { noticeEmail: { enabled: false } } })
 */
export function consentCaseInput(
  baseline: ConsentCasesBaseline,
  rule: Pick<ConsentRuleCase, 'policy' | 'participants'>,
): { policy: ConsentPolicy; participants: Participant[] } {
  return {
    policy: ConsentPolicy.parse(deepMerge(baseline.policy, rule.policy)),
    participants: rule.participants ?? baseline.participants,
  };
}

function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = deepMerge(base[key], value);
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
