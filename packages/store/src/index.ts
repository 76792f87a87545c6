// @capture-doctor/store: the database, its migrations and one repository per table.
// Open it with `openStore()`; every repository is a property of the returned Store.

export {
  type StoredAcknowledgement,
  toFindingAcknowledgement,
} from './acknowledgement-repository/acknowledgement-repository.js';
export type { DueDelivery } from './alert-delivery-repository/alert-delivery-repository.js';
export { AlertRecipient } from './alert-recipient-repository/alert-recipient-repository.js';
export { ApiKeyRole, type VerifiedApiKey } from './api-key-repository/api-key-repository.js';
export type {
  CalendarMeeting,
  CalendarVerdict,
  NewCalendarMeeting,
} from './calendar-meeting-repository/calendar-meeting-repository.js';
export type { ProviderConnection } from './connection-repository/connection-repository.js';
export type {
  ChainCheck,
  ConsentEvidenceEvent,
} from './consent-evidence-repository/consent-evidence-repository.js';
export type { ConsentPolicyVersion } from './consent-policy-repository/consent-policy-repository.js';
export {
  CredentialKind,
  type RevealedCredential,
} from './credential-repository/credential-repository.js';
export {
  compareKeys,
  decodeCursor,
  type Page,
  PageQuery,
  pageAfter,
  pageOf,
} from './cursor-page/cursor-page.js';
export { DATABASE_URL_ENV } from './dialect/postgres/postgres-dialect.js';
export { databaseFileIn } from './dialect/sqlite/sqlite-dialect.js';
export type { StoredEvaluation } from './evaluation-repository/evaluation-repository.js';
export {
  type IngestionRead,
  NewIngestionRead,
  ReadEnd,
} from './ingestion-audit-repository/ingestion-audit-repository.js';
export { JsonObject, JsonValue } from './json-value/json-value.js';
export type {
  MeetingParticipant,
  StoredMeeting,
} from './meeting-repository/meeting-repository.js';
export type { MemberIconEntry } from './member-icon-history/member-icon-history.js';
export { openStore, type Store } from './open-store/open-store.js';
export type { OutboxEmail } from './outbox-repository/outbox-repository.js';
export { type Session, SessionLimits } from './session-repository/session-repository.js';
export type { StoredSnapshot } from './snapshot-repository/snapshot-repository.js';
export { isStoreError } from './store-error/store-error.js';
export type { SyncRun } from './sync-run-repository/sync-run-repository.js';
export type {
  SyncSchedule,
  SyncScheduleSetting,
} from './sync-schedule-repository/sync-schedule-repository.js';
export {
  NewWebhookEndpoint,
  type WebhookEndpoint,
  WebhookEndpointChange,
} from './webhook-endpoint-repository/webhook-endpoint-repository.js';
