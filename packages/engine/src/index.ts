export { createBaselineEvaluator } from './baseline/create-baseline-evaluator.js';
export { Catalog } from './catalog/catalog.js';
export { consentFactNames } from './consent-rules/consent-facts.js';
export { asksOnConsentPage } from './consent-rules/consent-page-audience.js';
export { ConsentRuleFile } from './consent-rules/consent-rule-file.js';
export { type ConsentEvaluator, createConsentEvaluator } from './consent-rules/evaluate-consent.js';
export { JurisdictionsFile, participantLaw } from './consent-rules/jurisdictions.js';
export { loadConsentRules } from './consent-rules/load-consent-rules.js';
export { createEvaluator, type Evaluator } from './create-evaluator/create-evaluator.js';
export { captureFactNames, factOptions } from './facts/capture-facts.js';
export { generateSnapshot } from './generate-snapshot/generate-snapshot.js';
export {
  type CaptureRuleSet,
  loadCaptureRules,
  rulesRoot,
} from './load-rules/load-rules.js';
export {
  createMeetingEvaluator,
  type MeetingEvaluator,
} from './meeting-rules/evaluate-meeting.js';
export { loadMeetingRules, type MeetingRule } from './meeting-rules/load-meeting-rules.js';
export { meetingFactNames, meetingFactOptions } from './meeting-rules/meeting-facts.js';
export { type BannerAction, RuleFile } from './rule-file/rule-file.js';
export { ruleJsonSchemas } from './rule-json-schemas/rule-json-schemas.js';
