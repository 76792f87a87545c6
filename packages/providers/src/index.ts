// @capture-doctor/providers: one module per provider behind one interface and a registry.
// The loopback fakes are the subpath "@capture-doctor/providers/fakes".

export {
  defaultProbeThreads,
  type GoogleCredentials,
  type GoogleEndpoints,
  type GoogleSyncInput,
} from './google-workspace/google-reads.js';
export type {
  MicrosoftCredentials,
  MicrosoftEndpoints,
  MicrosoftSyncInput,
} from './microsoft-365/microsoft-input.js';
export { companyWideFailure } from './probe-pipeline/probe-pipeline.js';
export * from './provider-facts/provider-facts.js';
export {
  type CommonInput,
  type ConnectionOf,
  type CredentialKind,
  type PlanCredential,
  type PlanRequest,
  type ProviderModule,
  ProviderPlanError,
} from './provider-module/provider-module.js';
export {
  type ProviderInputs,
  type ProviderSource,
  providerModule,
  providerRegistry,
} from './provider-registry/provider-registry.js';
export { redactSecrets } from './redact-secrets/redact-secrets.js';
