// @capture-doctor/sync: the sync job. Reads live provider state into snapshots and reports,
// saving what it reads as it goes so a killed or cancelled sync resumes; keeps the ingestion audit.

export { connectFromSyncInput } from './connect-from-input/connect-from-input.js';
export {
  type IngestionAuditQuery,
  IngestionAuditQuerySchema,
  queryIngestionAudit,
} from './ingestion-audit-query/ingestion-audit-query.js';
export { auditReads } from './ingestion-reads/ingestion-reads.js';
export { mergeCompanyFacts } from './merge-company-facts/merge-company-facts.js';
export { type KnownMember, platformFacts } from './platform-facts/platform-facts.js';
export {
  type PlanMember,
  type ProviderPlan,
  providerPlan,
} from './provider-plan/provider-plan.js';
export {
  type AdapterTuning,
  type RunSyncOptions,
  runSync,
  type SyncLogLine,
  type SyncOutcome,
  SyncPhase,
  type SyncProgressEvent,
  type SyncStarted,
} from './run-sync/run-sync.js';
export { isSyncError, SyncError, type SyncErrorCode } from './sync-error/sync-error.js';
export {
  createSyncManager,
  type SyncManager,
  type SyncManagerOptions,
  type SyncStatus,
} from './sync-manager/sync-manager.js';
export {
  PlatformMemberSettings,
  PlatformSettings,
  ProviderEndpointSettings,
  parseSyncSettings,
  SyncSettings,
} from './sync-settings/sync-settings.js';
