// @capture-doctor/sync: the sync job. Reads live provider state into snapshots and reports,
// saving what it reads as it goes so a killed or cancelled sync resumes; keeps the ingestion audit.

export { connectFromSyncInput } from './connect-from-input/connect-from-input.js';
export {
  IngestionAuditQuerySchema,
  queryIngestionAudit,
} from './ingestion-audit-query/ingestion-audit-query.js';
export { refreshMeetingVerdicts } from './refresh-meeting-verdicts/refresh-meeting-verdicts.js';
export {
  type AdapterTuning,
  runSync,
  type SyncOutcome,
  SyncPhase,
  type SyncProgressEvent,
} from './run-sync/run-sync.js';
export { isSyncError, SyncError } from './sync-error/sync-error.js';
export {
  createSyncManager,
  type SyncManager,
  type SyncStatus,
} from './sync-manager/sync-manager.js';
export { PlatformSettings } from './sync-settings/sync-settings.js';
