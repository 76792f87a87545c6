import { z } from 'zod';
import { CasesFile } from '../cases-file/cases-file.js';
import { Catalog } from '../catalog/catalog.js';
import { ConsentCasesFile } from '../consent-rules/consent-cases-file.js';
import { ConsentRuleFile } from '../consent-rules/consent-rule-file.js';
import { JurisdictionsFile } from '../consent-rules/jurisdictions.js';
import { ConferencingFile } from '../meeting-rules/conferencing.js';
import { MeetingCasesFile } from '../meeting-rules/meeting-cases-file.js';
import { MeetingRuleFile } from '../meeting-rules/meeting-rule-file.js';
import { RuleFile } from '../rule-file/rule-file.js';

/**
 * JSON Schemas for rule authors' editors, keyed by their file name under rules/schema/.
 * @example ruleJsonSchemas()['rule.schema.json'].title // "capture-doctor capture rule"
 */
export function ruleJsonSchemas(): Record<string, Record<string, unknown>> {
  const make = (title: string, schema: z.ZodType) => ({
    title,
    ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }),
  });
  return {
    'rule.schema.json': make('capture-doctor capture rule', RuleFile),
    'cases.schema.json': make('capture-doctor rule cases', CasesFile),
    'catalog.schema.json': make('capture-doctor icon and colour catalog', Catalog),
    'consent-rule.schema.json': make('capture-doctor consent-policy rule', ConsentRuleFile),
    'consent-cases.schema.json': make('capture-doctor consent rule cases', ConsentCasesFile),
    'jurisdictions.schema.json': make(
      'capture-doctor recording-consent jurisdictions',
      JurisdictionsFile,
    ),
    'meeting-rule.schema.json': make('capture-doctor meeting rule', MeetingRuleFile),
    'meeting-cases.schema.json': make('capture-doctor meeting rule cases', MeetingCasesFile),
    'conferencing.schema.json': make(
      'capture-doctor conferencing services and link gateways',
      ConferencingFile,
    ),
  };
}
