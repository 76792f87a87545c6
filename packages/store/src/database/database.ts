// @internal: used only inside @capture-doctor/store.
/**
 * The tables as kysely sees them. Times are canonical UTC ISO text, JSON documents are text,
 * ids are text: the same shapes serve SQLite and PostgreSQL.
 */
export interface Database {
  store_meta: StoreMetaTable;
  companies: CompanyTable;
  provider_connections: ProviderConnectionTable;
  credentials: CredentialTable;
  team_members: TeamMemberTable;
  connection_states: ConnectionStateTable;
  capture_snapshots: CaptureSnapshotTable;
  evaluations: EvaluationTable;
  member_icon_history: MemberIconHistoryTable;
  acknowledgements: AcknowledgementTable;
  consent_policies: ConsentPolicyTable;
  consent_evidence: ConsentEvidenceTable;
  usual_jurisdictions: UsualJurisdictionTable;
  audit_log: AuditLogTable;
  api_keys: ApiKeyTable;
  sessions: SessionTable;
  email_outbox: EmailOutboxTable;
  consent_tokens: ConsentTokenTable;
  ingestion_audit: IngestionAuditTable;
  sync_runs: SyncRunTable;
  sync_run_members: SyncRunMemberTable;
  meetings: MeetingTable;
  meeting_participants: MeetingParticipantTable;
  jurisdiction_map: JurisdictionMapTable;
  calendar_meetings: CalendarMeetingTable;
  calendar_meeting_members: CalendarMeetingMemberTable;
  webhook_endpoints: WebhookEndpointTable;
  alert_recipients: AlertRecipientTable;
  alert_events: AlertEventTable;
  alert_deliveries: AlertDeliveryTable;
  sync_schedules: SyncScheduleTable;
}

export interface CalendarMeetingTable {
  company_id: string;
  meeting_key: string;
  ical_uid: string;
  starts_at: string;
  ends_at: string;
  title: string | null;
  host_member_id: string;
  verdict: string;
  reasons: string;
  details: string;
  synced_at: string;
}

export interface CalendarMeetingMemberTable {
  company_id: string;
  meeting_key: string;
  member_id: string;
}

export interface StoreMetaTable {
  key: string;
  value: string;
}

export interface CompanyTable {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface ProviderConnectionTable {
  id: string;
  company_id: string;
  provider: string;
  tenant_id: string;
  mode: string | null;
  settings: string;
  created_at: string;
  updated_at: string;
}

export interface CredentialTable {
  id: string;
  connection_id: string;
  kind: string;
  member_id: string | null;
  label: string | null;
  ciphertext: string;
  created_at: string;
  revoked_at: string | null;
}

export interface TeamMemberTable {
  company_id: string;
  id: string;
  email: string;
  name: string | null;
  created_at: string;
  updated_at: string;
}

export interface ConnectionStateTable {
  company_id: string;
  state: string;
  updated_at: string;
}

export interface CaptureSnapshotTable {
  id: string;
  company_id: string;
  taken_at: string | null;
  created_at: string;
  body: string;
}

export interface EvaluationTable {
  id: string;
  company_id: string;
  snapshot_id: string;
  created_at: string;
  summary: string;
  report: string;
}

/** One member's icon colours in one evaluation: a member's history without reading reports. */
export interface MemberIconHistoryTable {
  company_id: string;
  evaluation_id: string;
  member_id: string;
  /** The evaluation's created_at. */
  created_at: string;
  /** The evaluated snapshot's takenAt. */
  taken_at: string | null;
  microphone: string;
  calendar: string;
  email: string;
}

export interface AcknowledgementTable {
  id: string;
  company_id: string;
  member_id: string;
  rule_id: string;
  reason: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

export interface ConsentPolicyTable {
  id: string;
  company_id: string;
  version: number;
  status: string;
  body: string;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
  approved_by: string | null;
  approved_at: string | null;
  /** Why it was approved despite red findings; null when it had none. */
  approval_reason: string | null;
}

export interface UsualJurisdictionTable {
  company_id: string;
  jurisdiction: string;
}

export interface ConsentEvidenceTable {
  id: string;
  company_id: string;
  meeting_id: string;
  policy_version: number | null;
  participant: string | null;
  kind: string;
  at: string;
  details: string;
  recorded_at: string;
  /** 1, 2, 3... within the meeting's chain; null on rows written before the chain existed */
  seq: number | null;
  /** the hash of the previous event of the meeting; null for the first */
  prev_hash: string | null;
  /** SHA-256 over the canonical JSON of this event and `prev_hash` */
  hash: string | null;
}

export interface AuditLogTable {
  id: string;
  company_id: string | null;
  actor: string;
  action: string;
  target: string;
  at: string;
  details: string;
}

export interface ApiKeyTable {
  id: string;
  company_id: string;
  role: string;
  name: string;
  hash: string;
  created_at: string;
  revoked_at: string | null;
}

export interface SessionTable {
  id_hash: string;
  company_id: string;
  key_id: string;
  role: string;
  csrf_token: string;
  flash: string | null;
  created_at: string;
  idle_seconds: number;
  idle_expires_at: string;
  expires_at: string;
}

export interface EmailOutboxTable {
  id: string;
  company_id: string | null;
  member_id: string | null;
  to_address: string;
  subject: string;
  body_text: string;
  status: string;
  attempts: number;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  /** not sent before this moment; null: as soon as possible */
  not_before: string | null;
  meeting_id: string | null;
  participant_id: string | null;
}

/** A consent-page link: only the token's SHA-256 is kept. */
export interface ConsentTokenTable {
  token_hash: string;
  company_id: string;
  meeting_id: string;
  participant_id: string;
  form_token: string;
  expires_at: string;
  created_at: string;
}

export interface IngestionAuditTable {
  id: string;
  company_id: string;
  member_id: string;
  resource: string;
  read_kind: string;
  /** 'started', then 'ok' or 'failed'; 'interrupted' when its run died before the answer */
  outcome: string;
  error_code: string | null;
  item_count: number;
  at: string;
  credential_id: string | null;
}

export interface SyncRunTable {
  id: string;
  company_id: string;
  status: string;
  cursor: string;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
  error: string | null;
  cancel_requested_at: string | null;
}

export interface SyncRunMemberTable {
  run_id: string;
  member_id: string;
  result: string;
  recorded_at: string;
}

export interface MeetingTable {
  id: string;
  company_id: string;
  title: string;
  starts_at: string;
  ends_at: string;
  conference_url: string;
  host_member_id: string | null;
  /** the recorder display name of the policy in force at creation */
  recorder_name: string;
  policy_version: number;
  source: string;
  /** the consent machine's persisted snapshot */
  consent_state: string;
  /** the last link of the meeting's evidence chain, so a removed tail shows */
  evidence_seq: number;
  evidence_hash: string | null;
  created_at: string;
  updated_at: string;
  /** when the meeting was called off (a calendar meeting cancelled or gone); null while on */
  cancelled_at: string | null;
}

export interface MeetingParticipantTable {
  meeting_id: string;
  id: string;
  /** order as given by the caller */
  position: number;
  email: string;
  name: string | null;
  /** 1 for a team member, 0 for a guest */
  internal: number;
  jurisdiction: string | null;
}

export interface JurisdictionMapTable {
  company_id: string;
  domain: string;
  jurisdiction: string;
  updated_at: string;
}

export interface WebhookEndpointTable {
  id: string;
  company_id: string;
  url: string;
  /** JSON array of event types */
  events: string;
  description: string | null;
  /** 1 or 0 */
  enabled: number;
  /** the signing secret, sealed with the store's cipher bound to the endpoint id */
  secret_ciphertext: string;
  created_at: string;
  updated_at: string;
}

export interface AlertRecipientTable {
  company_id: string;
  email: string;
  /** JSON array of event types */
  events: string;
  /** the recipient's place in the list as it was given */
  position: number;
}

export interface AlertEventTable {
  id: string;
  company_id: string;
  type: string;
  /** set for an alert raised at most once (e.g. per meeting); null otherwise */
  dedupe_key: string | null;
  /** JSON: the webhook body */
  payload: string;
  created_at: string;
}

export interface AlertDeliveryTable {
  id: string;
  company_id: string;
  endpoint_id: string;
  event_id: string;
  status: string;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  first_attempt_at: string | null;
  next_attempt_at: string | null;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SyncScheduleTable {
  company_id: string;
  cron: string;
  timezone: string;
  /** 1 on, 0 off */
  enabled: number;
  /** the scheduler has started the syncs due up to this moment */
  covered_until: string;
  updated_at: string;
}
