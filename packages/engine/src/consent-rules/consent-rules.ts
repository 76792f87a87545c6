// The public face of consent-policy rules: rule files, facts, jurisdictions, evaluation.
export * from './consent-cases-file.js';
export * from './consent-facts.js';
export * from './consent-page-audience.js';
export * from './consent-rule-file.js';
export * from './evaluate-consent.js';
export * from './jurisdictions.js';
export * from './load-consent-rules.js';
export * from './recorder-name.js';
