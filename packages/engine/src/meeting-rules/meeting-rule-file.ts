import { FindingColor } from '@capture-doctor/domain';
import { z } from 'zod';
import { engineRuleFields, ruleDocsFields, ruleHeadFields } from '../rule-file/rule-file.js';

/** Placeholders a meeting rule's message and fix may use. */
export const meetingPlaceholders = [
  'provider',
  'hostName',
  'hostEmail',
  'conferencingName',
  'gatewayName',
  'leadTimeHours',
  'scheduledMinutesAhead',
  'unaskedParticipants',
  'hostCaptureRules',
] as const;

/**
 * A meeting rule file (`rules/meetings/<id>/rule.json`): a json-rules-engine rule over the
 * facts of one upcoming meeting, plus what an admin reads when it fires. A red rule means the
 * meeting will not be recorded; a yellow one that it may not be.
 */
export const MeetingRuleFile = z.strictObject({
  ...ruleHeadFields,
  color: FindingColor.describe('red: the recorder will not record it; yellow: it may not'),
  message: z.string().min(10).describe('why, for this meeting; placeholders allowed'),
  fix: z.string().min(10).describe('what to do, in one or two sentences; placeholders allowed'),
  ...ruleDocsFields,
  ...engineRuleFields,
});
export type MeetingRuleFile = z.infer<typeof MeetingRuleFile>;
