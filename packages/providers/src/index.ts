// @capture-doctor/providers: one module per provider behind one interface and a registry.
// The loopback fakes are the subpath "@capture-doctor/providers/fakes".

export { defaultProbeThreads, type GoogleSyncInput } from './google-workspace/google-reads.js';
export { companyWideFailure } from './probe-pipeline/probe-pipeline.js';
export {
  healthOf,
  type ProviderCompanyFacts,
  type ProviderMember,
  type ProviderMemberFacts,
  type ProviderRead,
  type ProviderSync,
  type SyncLogEvent,
} from './provider-facts/provider-facts.js';
export { type CommonInput, ProviderPlanError } from './provider-module/provider-module.js';
export { type ProviderSource, providerModule } from './provider-registry/provider-registry.js';
export { redactSecrets } from './redact-secrets/redact-secrets.js';
