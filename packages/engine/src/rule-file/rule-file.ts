import { FindingColor, FixBy, IconName, Provider } from '@capture-doctor/domain';
import { z } from 'zod';
import { TopCondition } from '../conditions/conditions.js';

/** A rule id: kebab-case, equal to its folder name. */
export const RuleId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a kebab-case id equal to the rule folder name');

/** An action a company banner offers the admin, as the screens and the API name it. */
export const BannerAction = z.enum(['remind']);
export type BannerAction = z.infer<typeof BannerAction>;

/** The fields every rule file starts with, whatever its rule set. */
export const ruleHeadFields = {
  $schema: z.string().optional(),
  id: RuleId,
  title: z.string().min(3),
};

/** Who fixes it, where it happens and its docs page: the same in every rule set. */
export const ruleDocsFields = {
  fixBy: z.array(FixBy).min(1),
  providers: z.array(Provider).min(1),
  docs: z.strictObject({
    why: z.string().min(20),
    steps: z.record(Provider, z.array(z.string().min(5)).min(1)),
    related: z.array(RuleId).default([]),
  }),
};

/** The json-rules-engine part every rule file ends with, whatever its rule set. */
export const engineRuleFields = {
  priority: z.number().int().min(1).max(100),
  conditions: TopCondition,
  event: z.strictObject({ type: RuleId }),
};

/**
 * A capture rule file (`rules/capture/<id>/rule.json`): a json-rules-engine rule plus the
 * metadata that turns it into a finding, a banner and a docs page.
 */
/** A template per provider: what a company connected to it reads, in its own words only. */
const FixFor = z.partialRecord(Provider, z.string().min(10));

export const RuleFile = z.strictObject({
  ...ruleHeadFields,
  scope: z.enum(['company', 'member']).describe('where the cause lives, and so who sees it first'),
  icons: z.array(IconName).min(1),
  color: FindingColor,
  iconsWhen: z
    .partialRecord(IconName, TopCondition)
    .optional()
    .describe(
      'for an icon listed here, the condition under which the finding colours it: a failure colours only the icons whose data it stops',
    ),
  message: z.string().min(10).describe('the finding on a member row; placeholders allowed'),
  fix: z.string().min(10).describe('what to do, in one or two sentences; placeholders allowed'),
  fixFor: FixFor.optional().describe(
    'the fix for a company connected to that provider, in its words only; `fix` is shown when none is connected (or the provider is not listed here)',
  ),
  banner: z
    .strictObject({
      message: z.string().min(10).describe('the banner for several members; {members} counts them'),
      fix: z.string().min(10),
      fixFor: FixFor.optional().describe("the banner's fix for a company on that provider"),
      one: z
        .strictObject({
          message: z.string().min(10),
          fix: z.string().min(10).optional(),
        })
        .optional()
        .describe('the banner when it counts exactly one member: the sentence in the singular'),
      action: BannerAction.optional().describe(
        'what the banner offers to do for the members it counts, e.g. remind: send them a reminder email',
      ),
    })
    .optional()
    .describe('present when the rule shows a company banner counting the members it fires for'),
  showOnMembers: z
    .boolean()
    .default(true)
    .describe('false for a banner that only sums up findings other rules show on members'),
  fixLink: z
    .string()
    .regex(/^\/[a-z0-9/-]*$/, 'a path of this service, e.g. /team/connection')
    .optional()
    .describe('the screen of this service where the fix is made; screens link the fix there'),
  ...ruleDocsFields,
  ...engineRuleFields,
});
export type RuleFile = z.infer<typeof RuleFile>;
export type RuleFileInput = z.input<typeof RuleFile>;
