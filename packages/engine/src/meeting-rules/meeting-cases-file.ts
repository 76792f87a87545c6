import { MeetingVerdict, UpcomingMeeting } from '@capture-doctor/domain';
import { z } from 'zod';
import { deepMerge } from '../case-snapshot/case-snapshot.js';
import { casesFileOf } from '../cases-file/cases-file.js';

/**
 * One example a meeting rule is tested on: `meeting` is a deep override merged onto the
 * baseline meeting (`rules/meetings/cases-baseline.json`): objects merge, arrays (such as
 * `participants`) and scalars replace.
 */
export const MeetingRuleCase = z.strictObject({
  name: z.string().min(5),
  fires: z.boolean().describe('whether the rule must fire'),
  meeting: z.record(z.string(), z.unknown()).default({}),
  expectVerdict: MeetingVerdict.optional().describe('the verdict the meeting must end with'),
});
export type MeetingRuleCase = z.infer<typeof MeetingRuleCase>;

/** `rules/meetings/<id>/cases.json`: where the rule must fire, and near misses where it must not. */
export const MeetingCasesFile = casesFileOf(MeetingRuleCase);
export type MeetingCasesFile = z.infer<typeof MeetingCasesFile>;

/** `rules/meetings/cases-baseline.json`: a meeting on which no meeting rule fires. */
export const MeetingCasesBaseline = z.strictObject({
  $schema: z.string().optional(),
  meeting: UpcomingMeeting,
});
export type MeetingCasesBaseline = z.infer<typeof MeetingCasesBaseline>;

/**
 * The meeting a case describes: its overrides deep-merged onto the baseline, validated.
 * @example meetingCaseInput(baseline, { name: 'private', fires: true, meeting: { event: { visibility: 'private' } } })
 */
export function meetingCaseInput(
  baseline: MeetingCasesBaseline,
  rule: Pick<MeetingRuleCase, 'meeting'>,
): UpcomingMeeting {
  return UpcomingMeeting.parse(deepMerge(baseline.meeting, rule.meeting));
}
