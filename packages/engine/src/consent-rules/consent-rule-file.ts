import { ConsentFixBy, FindingColor } from '@capture-doctor/domain';
import { z } from 'zod';
import { engineRuleFields, RuleId, ruleHeadFields } from '../rule-file/rule-file.js';

/** Placeholders a consent rule's message and fix may use. */
export const consentPlaceholders = [
  'recorderName',
  'leadTimeHours',
  'allPartyJurisdictions',
  'internalAllPartyJurisdictions',
  'disputedJurisdictions',
  'noticeAtCollectionJurisdictions',
  'unknownJurisdictionCount',
] as const;

/**
 * A consent-policy rule file (`rules/consent/<id>/rule.json`): a json-rules-engine rule over
 * the consent facts, plus what a compliance officer reads when it fires.
 */
export const ConsentRuleFile = z.strictObject({
  ...ruleHeadFields,
  color: FindingColor.describe('red: the policy must not be approved as is; yellow: review it'),
  message: z.string().min(10).describe('what is wrong, for this meeting; placeholders allowed'),
  fix: z.string().min(10).describe('what to change in the policy; placeholders allowed'),
  fixBy: z.array(ConsentFixBy).min(1),
  docs: z.strictObject({
    why: z.string().min(20),
    steps: z.array(z.string().min(5)).min(1),
    related: z.array(RuleId).default([]),
  }),
  ...engineRuleFields,
});
export type ConsentRuleFile = z.infer<typeof ConsentRuleFile>;
export type ConsentRuleFileInput = z.input<typeof ConsentRuleFile>;
