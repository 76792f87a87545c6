export * from './bounded-issues/bounded-issues.js';
export * from './capture-snapshot/capture-snapshot.js';
export * from './consent-policy/consent-policy.js';
export * from './error-codes/error-codes.js';
export * from './format-issues/format-issues.js';
export * from './json-schemas/json-schemas.js';
export * from './report/report.js';
export * from './vocabulary/vocabulary.js';
