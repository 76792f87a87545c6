// @capture-doctor/store: the database, its migrations and one repository per table.
// Open it with `openStore()`; every repository is a property of the returned Store.

export {
  type AcknowledgementRepository,
  type AcknowledgementStatus,
  acknowledgementStatus,
  NewAcknowledgement,
  type StoredAcknowledgement,
  toFindingAcknowledgement,
} from './acknowledgement-repository/acknowledgement-repository.js';
export {
  API_KEY_PREFIX,
  type ApiKeyInfo,
  type ApiKeyRepository,
  ApiKeyRole,
  NewApiKey,
  type VerifiedApiKey,
} from './api-key-repository/api-key-repository.js';
export {
  type AuditEntry,
  AuditFilter,
  type AuditLogRepository,
  NewAuditEntry,
} from './audit-log-repository/audit-log-repository.js';
export {
  type Company,
  type CompanyRepository,
  EntityId,
  NewCompany,
} from './company-repository/company-repository.js';
export {
  type ConnectionRepository,
  NewProviderConnection,
  type ProviderConnection,
  ProviderConnectionChange,
} from './connection-repository/connection-repository.js';
export type {
  ConnectionStateRepository,
  StoredConnectionState,
} from './connection-state-repository/connection-state-repository.js';
export {
  type ConsentEvidenceEvent,
  ConsentEvidenceFilter,
  type ConsentEvidenceRepository,
  NewConsentEvidence,
} from './consent-evidence-repository/consent-evidence-repository.js';
export {
  type ConsentPolicyRepository,
  ConsentPolicyStatus,
  type ConsentPolicyVersion,
} from './consent-policy-repository/consent-policy-repository.js';
export {
  type CredentialInfo,
  CredentialKind,
  type CredentialRepository,
  NewCredential,
  type RevealedCredential,
} from './credential-repository/credential-repository.js';
export { DEFAULT_DATABASE_FILE, databaseFileIn } from './dialect/sqlite/sqlite-dialect.js';
export {
  decodeKey,
  ENCRYPTION_KEY_ENV,
  type EncryptionKeySource,
} from './encryption-key/encryption-key.js';
export {
  type EvaluationEntry,
  type EvaluationRepository,
  NewEvaluation,
  type StoredEvaluation,
} from './evaluation-repository/evaluation-repository.js';
export { HistoryPage } from './history-page/history-page.js';
export {
  IngestedResource,
  type IngestionAuditRepository,
  IngestionFilter,
  type IngestionRead,
  NewIngestionRead,
  ReadEnd,
  ReadOutcome,
} from './ingestion-audit-repository/ingestion-audit-repository.js';
export { JsonObject, JsonValue } from './json-value/json-value.js';
export type { MemberIconEntry } from './member-icon-history/member-icon-history.js';
export {
  type MemberRepository,
  type TeamMember,
  TeamMemberInput,
} from './member-repository/member-repository.js';
export { type MigrationSummary, migrations } from './migrations/migrations.js';
export {
  openStore,
  type Store,
  type StoreLogger,
  type StoreOptions,
  type StoreRepositories,
} from './open-store/open-store.js';
export {
  NewOutboxEmail,
  type OutboxEmail,
  type OutboxRepository,
  OutboxStatus,
} from './outbox-repository/outbox-repository.js';
export type {
  SnapshotEntry,
  SnapshotRepository,
  StoredSnapshot,
} from './snapshot-repository/snapshot-repository.js';
export {
  isStoreError,
  StoreError,
  type StoreErrorCode,
} from './store-error/store-error.js';
export {
  type SyncMemberResult,
  SyncProgress,
  type SyncRun,
  type SyncRunRepository,
  SyncRunStatus,
} from './sync-run-repository/sync-run-repository.js';
export { TimeRange } from './time-range/time-range.js';
export { type Instant, InstantSchema } from './timestamp/timestamp.js';
