import type { Acknowledgement, CaptureSnapshot, Report } from '@capture-doctor/domain';

/** The roles an API key can carry; each key is bound to one company. */
export type Role = 'admin' | 'compliance' | 'support';
export const roles: readonly Role[] = ['admin', 'compliance', 'support'];

export interface CompanyRecord {
  id: string;
  name: string;
  createdAt: string;
}

export interface ApiKeyPrincipal {
  keyId: string;
  companyId: string;
  role: Role;
}

/** An API key as listed: who it is for, never the key itself. */
export interface ApiKeyInfo {
  id: string;
  companyId: string;
  role: Role;
  name: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface StoredSnapshot {
  id: string;
  companyId: string;
  /** when the snapshot says it was taken, else when it was stored */
  takenAt: string;
  snapshot: CaptureSnapshot;
}

export interface StoredEvaluation {
  id: string;
  companyId: string;
  snapshotId: string;
  createdAt: string;
  report: Report;
}

export interface EvaluationEntry {
  id: string;
  snapshotId: string;
  createdAt: string;
  summary: Report['summary'];
}

export interface StoredAcknowledgement extends Acknowledgement {
  id: string;
  companyId: string;
  createdAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

export interface StoredConsentPolicy {
  companyId: string;
  version: number;
  status: 'draft' | 'approved';
  policy: unknown;
  editedBy: string;
  editedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
}

export interface AuditEntry {
  id: string;
  companyId: string;
  actor: string;
  action: string;
  target: string;
  at: string;
  detail: Record<string, unknown>;
}

export interface OutboxEmail {
  id: string;
  companyId: string;
  to: string;
  subject: string;
  memberId: string | null;
  text: string;
  status: 'queued' | 'sent' | 'failed';
  attempts: number;
  createdAt: string;
  sentAt: string | null;
  error: string | null;
}

/** A provider credential as sent by an admin; the store encrypts it and never gives it back. */
export interface CredentialInput {
  kind: string;
  secret: string;
}

/**
 * What the API needs from storage. One adapter binds it to @capture-doctor/store, so a change
 * in the store's API touches only that adapter.
 */
export interface ApiStore {
  companies: {
    create(input: { id: string; name: string }): Promise<CompanyRecord>;
    get(id: string): Promise<CompanyRecord | null>;
    rename(id: string, name: string): Promise<CompanyRecord>;
  };
  apiKeys: {
    /** `key` exists only in this answer; the store keeps its SHA-256 */
    create(input: {
      companyId: string;
      role: Role;
      label?: string;
    }): Promise<{ keyId: string; key: string; info: ApiKeyInfo }>;
    verify(key: string): Promise<ApiKeyPrincipal | null>;
    /** oldest first, revoked keys included; never a key or its hash */
    list(companyId: string): Promise<ApiKeyInfo[]>;
    /** null when the company has no key with this id */
    revoke(companyId: string, keyId: string): Promise<ApiKeyInfo | null>;
  };
  connection: {
    /** the connection machine's persisted snapshot, or null before the first change */
    load(companyId: string): Promise<unknown | null>;
    save(companyId: string, persisted: unknown): Promise<void>;
    /** keeps the provider tenant the machine accepted, so credentials have a connection to belong to */
    recordTenant(
      companyId: string,
      tenant: { provider: string; id: string; mode: string | null } | null,
    ): Promise<void>;
    /** null when no tenant is connected yet */
    saveCredential(
      companyId: string,
      credential: CredentialInput,
    ): Promise<{ kinds: string[] } | null>;
    credentialKinds(companyId: string): Promise<string[]>;
  };
  snapshots: {
    add(companyId: string, snapshot: CaptureSnapshot): Promise<StoredSnapshot>;
    latest(companyId: string): Promise<StoredSnapshot | null>;
    get(companyId: string, id: string): Promise<StoredSnapshot | null>;
  };
  evaluations: {
    add(companyId: string, snapshotId: string, report: Report): Promise<StoredEvaluation>;
    latest(companyId: string): Promise<StoredEvaluation | null>;
    get(companyId: string, id: string): Promise<StoredEvaluation | null>;
    /** newest first, without the reports */
    history(companyId: string, limit: number): Promise<EvaluationEntry[]>;
  };
  acknowledgements: {
    create(companyId: string, ack: Acknowledgement): Promise<StoredAcknowledgement>;
    list(companyId: string): Promise<StoredAcknowledgement[]>;
    revoke(companyId: string, id: string, by: string): Promise<StoredAcknowledgement | null>;
  };
  consentPolicies: {
    /** the newest version, draft or approved */
    current(companyId: string): Promise<StoredConsentPolicy | null>;
    /** the approved version in force */
    inForce(companyId: string): Promise<StoredConsentPolicy | null>;
    saveDraft(companyId: string, policy: unknown, by: string): Promise<StoredConsentPolicy>;
    /** approves the open draft; null when there is none */
    approve(companyId: string, by: string): Promise<StoredConsentPolicy | null>;
    /** newest first */
    versions(companyId: string): Promise<StoredConsentPolicy[]>;
  };
  audit: {
    append(entry: Omit<AuditEntry, 'id' | 'at'>): Promise<void>;
    /** newest first */
    list(companyId: string, limit: number): Promise<AuditEntry[]>;
  };
  outbox: {
    enqueue(
      companyId: string,
      email: { memberId: string; to: string; subject: string; text: string },
    ): Promise<OutboxEmail>;
    list(companyId: string): Promise<OutboxEmail[]>;
    pending(limit: number): Promise<OutboxEmail[]>;
    get(id: string): Promise<OutboxEmail | null>;
    markSent(id: string): Promise<void>;
    markFailed(id: string, error: string): Promise<void>;
  };
  ingestion: {
    /**
     * The mailbox and calendar reads of the sync, oldest first unless `order` is desc; rejects
     * with the sync's `invalid_configuration` error naming the query field at fault.
     */
    reads(companyId: string, query: IngestionQuery): Promise<IngestionReadEntry[]>;
  };
  close(): Promise<void>;
}

export interface IngestionQuery {
  memberId?: string | undefined;
  resource?: 'mailbox' | 'calendar' | undefined;
  outcome?: 'ok' | 'failed' | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit?: number | undefined;
  order?: 'asc' | 'desc' | undefined;
}

export interface IngestionReadEntry {
  id: string;
  memberId: string;
  resource: 'mailbox' | 'calendar';
  readKind: string;
  outcome: 'ok' | 'failed';
  errorCode: string | null;
  itemCount: number;
  at: string;
  credentialId: string | null;
}
