import { ConsentPolicy, Participant } from '@capture-doctor/domain';
import { z } from 'zod';
import { deepMerge } from '../case-snapshot/case-snapshot.js';
import { casesFileOf } from '../cases-file/cases-file.js';

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
export const ConsentCasesFile = casesFileOf(ConsentRuleCase);
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
