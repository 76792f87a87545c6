import { join } from 'node:path';
import { Kysely } from 'kysely';
import type { z } from 'zod';
import {
  type AcknowledgementRepository,
  acknowledgementRepository,
} from '../acknowledgement-repository/acknowledgement-repository.js';
import {
  type AlertDeliveryRepository,
  alertDeliveryRepository,
} from '../alert-delivery-repository/alert-delivery-repository.js';
import {
  type AlertRecipientRepository,
  alertRecipientRepository,
} from '../alert-recipient-repository/alert-recipient-repository.js';
import {
  type ApiKeyRepository,
  apiKeyRepository,
} from '../api-key-repository/api-key-repository.js';
import {
  type AuditLogRepository,
  auditLogRepository,
} from '../audit-log-repository/audit-log-repository.js';
import {
  type CalendarMeetingRepository,
  calendarMeetingRepository,
} from '../calendar-meeting-repository/calendar-meeting-repository.js';
import {
  type CompanyRepository,
  companyRepository,
} from '../company-repository/company-repository.js';
import {
  type ConnectionRepository,
  connectionRepository,
} from '../connection-repository/connection-repository.js';
import {
  type ConnectionStateRepository,
  connectionStateRepository,
} from '../connection-state-repository/connection-state-repository.js';
import {
  type ConsentEvidenceRepository,
  consentEvidenceRepository,
} from '../consent-evidence-repository/consent-evidence-repository.js';
import {
  type ConsentPolicyRepository,
  consentPolicyRepository,
} from '../consent-policy-repository/consent-policy-repository.js';
import {
  type ConsentTokenRepository,
  consentTokenRepository,
} from '../consent-token-repository/consent-token-repository.js';
import {
  type CredentialRepository,
  credentialRepository,
} from '../credential-repository/credential-repository.js';
import type { Database } from '../database/database.js';
import { postgresCoordination } from '../dialect/postgres/postgres-coordination.js';
import {
  createPostgresDialect,
  currentSchema,
  describePostgresUrl,
  isPostgresForeignKeyViolation,
  isPostgresUrl,
} from '../dialect/postgres/postgres-dialect.js';
import { sqliteCoordination } from '../dialect/sqlite/sqlite-coordination.js';
import {
  createSqliteDialect,
  DEFAULT_DATABASE_FILE,
  dataFolderOf,
  isSqliteForeignKeyViolation,
  resolveDatabaseFile,
} from '../dialect/sqlite/sqlite-dialect.js';
import {
  ENCRYPTION_KEY_ENV,
  type EncryptionKeySource,
  resolveEncryptionKey,
} from '../encryption-key/encryption-key.js';
import {
  type EvaluationRepository,
  evaluationRepository,
} from '../evaluation-repository/evaluation-repository.js';
import {
  type IngestionAuditRepository,
  ingestionAuditRepository,
} from '../ingestion-audit-repository/ingestion-audit-repository.js';
import { JsonObject } from '../json-value/json-value.js';
import {
  type JurisdictionMapRepository,
  jurisdictionMapRepository,
} from '../jurisdiction-map-repository/jurisdiction-map-repository.js';
import {
  type MeetingRepository,
  meetingRepository,
} from '../meeting-repository/meeting-repository.js';
import { type MemberRepository, memberRepository } from '../member-repository/member-repository.js';
import { type MigrationSummary, migrateToLatest } from '../migrations/migrations.js';
import { type OutboxRepository, outboxRepository } from '../outbox-repository/outbox-repository.js';
import type { RepositoryContext } from '../repository-context/repository-context.js';
import { createSecretCipher, type SecretCipher } from '../secret-cipher/secret-cipher.js';
import {
  type SessionRepository,
  sessionRepository,
} from '../session-repository/session-repository.js';
import {
  type SnapshotRepository,
  snapshotRepository,
} from '../snapshot-repository/snapshot-repository.js';
import type { StoreChanges } from '../store-changes/store-changes.js';
import type { LockOutcome, StoreCoordination } from '../store-coordination/store-coordination.js';
import { StoreError } from '../store-error/store-error.js';
import {
  type SyncRunRepository,
  syncRunRepository,
} from '../sync-run-repository/sync-run-repository.js';
import {
  type SyncScheduleRepository,
  syncScheduleRepository,
} from '../sync-schedule-repository/sync-schedule-repository.js';
import {
  type UsualJurisdictionRepository,
  usualJurisdictionRepository,
} from '../usual-jurisdiction-repository/usual-jurisdiction-repository.js';
import {
  type WebhookEndpointRepository,
  webhookEndpointRepository,
} from '../webhook-endpoint-repository/webhook-endpoint-repository.js';

const KEY_CHECK = 'encryption_key_check';
const KEY_CHECK_TEXT = 'capture-doctor encryption key check';

/** Where the store reports what a person should know (a generated key). Never given a secret. */
export interface StoreLogger {
  warn(message: string): void;
  info?(message: string): void;
}

export interface StoreOptions {
  /** The SQLite file (its directory is created), or `:memory:`. Default ./data/capture-doctor.sqlite. */
  file?: string;
  /**
   * A `postgres://` URL: the store lives in that PostgreSQL database and no SQLite file is made
   * (`file` is ignored). Usually CAPTURE_DOCTOR_DATABASE_URL, read by the caller.
   */
  databaseUrl?: string;
  /** The credentials key, 32 bytes in base64. Default: CAPTURE_DOCTOR_ENCRYPTION_KEY, then the key file. */
  encryptionKey?: string;
  /**
   * The key file used (and written on first start) when no key is given. Default: encryption.key
   * beside the SQLite database; none on PostgreSQL, where a key must then be given.
   */
  keyFile?: string;
  logger?: StoreLogger;
  /** The clock every stored time comes from; inject a fixed one in tests. Default: the system clock. */
  clock?: () => Date;
  /** The environment to read CAPTURE_DOCTOR_ENCRYPTION_KEY from. Default: process.env. */
  env?: Record<string, string | undefined>;
  /** The schema of a consent-policy body (the domain's ConsentPolicy). Default: any JSON object. */
  consentPolicyBody?: z.ZodType<Record<string, unknown>>;
}

/** The engines a store can live in. */
export type StoreDialect = 'sqlite' | 'postgres';

/** Every repository; inside `transaction` they all write in the same transaction. */
export interface StoreRepositories {
  companies: CompanyRepository;
  connections: ConnectionRepository;
  /** Encrypted credentials; only `credentials.reveal` ever decrypts. */
  credentials: CredentialRepository;
  members: MemberRepository;
  /** The connection machine's persisted snapshot per company. */
  connectionStates: ConnectionStateRepository;
  snapshots: SnapshotRepository;
  evaluations: EvaluationRepository;
  acknowledgements: AcknowledgementRepository;
  consentPolicies: ConsentPolicyRepository;
  consentEvidence: ConsentEvidenceRepository;
  /** The consent page's links, kept hashed. */
  consentTokens: ConsentTokenRepository;
  /** Where the company's meetings usually reach; consent-policy approval checks against them. */
  usualJurisdictions: UsualJurisdictionRepository;
  auditLog: AuditLogRepository;
  apiKeys: ApiKeyRepository;
  /** Screen sign-ins; a revoked key ends its sessions. */
  sessions: SessionRepository;
  outbox: OutboxRepository;
  ingestionAudit: IngestionAuditRepository;
  syncRuns: SyncRunRepository;
  /** Meetings with their participants and consent machine snapshot. */
  meetings: MeetingRepository;
  /** Per company: email domain → jurisdiction code. */
  jurisdictionMap: JurisdictionMapRepository;
  /** Upcoming meetings read from the calendars, with their verdicts. */
  calendarMeetings: CalendarMeetingRepository;
  /** Webhook endpoints of the alerts, their signing secrets sealed. */
  webhooks: WebhookEndpointRepository;
  /** Who is emailed which alerts. */
  alertRecipients: AlertRecipientRepository;
  /** Alerts raised and their deliveries to the webhook endpoints. */
  alertDeliveries: AlertDeliveryRepository;
  /** When each company's syncs start on their own. */
  syncSchedules: SyncScheduleRepository;
}

export interface Store extends StoreRepositories {
  /** The database file, absolute, or `:memory:`; on PostgreSQL its URL without the password. */
  readonly file: string;
  /** Which engine holds the data. */
  readonly dialect: StoreDialect;
  /** What the migrations did at this start. */
  readonly migrations: MigrationSummary;
  /** PostgreSQL: the schema the store's tables live in (where a job queue puts its own beside); null on SQLite. */
  readonly schema: string | null;
  /** Where the credentials key came from; `generated` on a first start without one. */
  readonly encryptionKeySource: EncryptionKeySource;
  /** The current moment from the store's clock, as canonical UTC ISO text. */
  now(): string;
  /**
   * Runs `work` in one transaction: everything it writes is kept, or nothing is. Use only the
   * repositories it is given: the outer store waits for the transaction to end (one connection).
   */
  transaction<T>(work: (repositories: StoreRepositories) => Promise<T>): Promise<T>;
  /**
   * What other processes on the same database changed (and this one: every subscriber hears
   * every publish), so that in-memory copies are dropped within moments.
   */
  readonly changes: StoreChanges;
  /**
   * Runs `work` holding the named lock, waiting while any process on the database holds it
   * (e.g. creating the demo company once however many processes start together).
   */
  withLock<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** Runs `work` holding the named lock only when no process holds it now. */
  tryLock<T>(name: string, work: () => Promise<T>): Promise<LockOutcome<T>>;
  /** Closes the database; the store must not be used afterwards. */
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) the database, runs the migrations, finds or makes the credentials key
 * and checks it is the one the database was created with.
 * @example const store = await openStore({ file: 'data/capture-doctor.sqlite' });
 */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const location = locate(options);
  const { file } = location;
  const logger = options.logger ?? { warn: (message: string) => console.warn(message) };
  const warn = (message: string) => logger.warn(message);
  const clock = options.clock ?? (() => new Date());
  const env = options.env ?? process.env;
  if (location.dialect === 'postgres') requireKeyForPostgres(options, env);
  const db = new Kysely<Database>({
    dialect:
      location.dialect === 'postgres'
        ? createPostgresDialect(location.url)
        : createSqliteDialect(file, warn),
  });
  try {
    const schema =
      location.dialect === 'postgres' ? await currentSchema(db as Kysely<unknown>) : undefined;
    const migrations = await migrateToLatest(db as Kysely<unknown>, undefined, schema);
    const keyCheck = await db
      .selectFrom('store_meta')
      .select('value')
      .where('key', '=', KEY_CHECK)
      .executeTakeFirst();
    const dataFolder = location.dialect === 'postgres' ? null : dataFolderOf(file);
    const keyFile =
      options.keyFile ?? (dataFolder === null ? null : join(dataFolder, 'encryption.key'));
    const { key, source } = resolveEncryptionKey({
      explicit: options.encryptionKey,
      env,
      keyFile,
      databaseHasKey: keyCheck !== undefined,
      warn,
    });
    const cipher = createSecretCipher(key);
    if (keyCheck === undefined) {
      const value = cipher.encrypt(KEY_CHECK_TEXT, KEY_CHECK);
      // Another process may have sealed its check first: then the key must match that one.
      await db
        .insertInto('store_meta')
        .values({ key: KEY_CHECK, value })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
    }
    const sealedCheck = await db
      .selectFrom('store_meta')
      .select('value')
      .where('key', '=', KEY_CHECK)
      .executeTakeFirstOrThrow();
    checkKey(cipher, sealedCheck.value, file, source);
    const ctx: RepositoryContext = {
      db,
      now: () => canonicalNow(clock),
      cipher,
      consentPolicyBody: options.consentPolicyBody ?? JsonObject,
      isForeignKeyViolation:
        location.dialect === 'postgres'
          ? isPostgresForeignKeyViolation
          : isSqliteForeignKeyViolation,
    };
    const coordination: StoreCoordination =
      location.dialect === 'postgres' && schema !== undefined
        ? await postgresCoordination(db as Kysely<unknown>, location.url, schema)
        : sqliteCoordination();
    return {
      ...repositories(ctx),
      file,
      dialect: location.dialect,
      migrations,
      schema: schema ?? null,
      encryptionKeySource: source,
      now: ctx.now,
      transaction: (work) =>
        db.transaction().execute((trx) => work(repositories({ ...ctx, db: trx }))),
      changes: coordination.changes,
      withLock: coordination.withLock,
      tryLock: coordination.tryLock,
      async close() {
        await coordination.close();
        await db.destroy();
      },
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

type Location =
  | { dialect: 'sqlite'; file: string }
  | { dialect: 'postgres'; file: string; url: string };

function locate(options: StoreOptions): Location {
  const url = options.databaseUrl?.trim();
  if (url === undefined || url === '') {
    return { dialect: 'sqlite', file: resolveDatabaseFile(options.file ?? DEFAULT_DATABASE_FILE) };
  }
  if (!isPostgresUrl(url)) {
    throw new StoreError(
      'invalid_input',
      `the database URL ${describePostgresUrl(url)} is not a postgres:// URL`,
      { field: 'databaseUrl' },
    );
  }
  return { dialect: 'postgres', file: describePostgresUrl(url), url };
}

// A key generated on one machine would lock every other process out of the shared database.
function requireKeyForPostgres(options: StoreOptions, env: Record<string, string | undefined>) {
  const given = options.encryptionKey ?? options.keyFile ?? env[ENCRYPTION_KEY_ENV]?.trim();
  if (given === undefined || given === '') {
    throw new StoreError(
      'encryption_key_invalid',
      `a PostgreSQL store needs ${ENCRYPTION_KEY_ENV} (32 random bytes in base64, the same for every ` +
        'process; make one with `openssl rand -base64 32`)',
    );
  }
}

function repositories(ctx: RepositoryContext): StoreRepositories {
  return {
    companies: companyRepository(ctx),
    connections: connectionRepository(ctx),
    credentials: credentialRepository(ctx),
    members: memberRepository(ctx),
    connectionStates: connectionStateRepository(ctx),
    snapshots: snapshotRepository(ctx),
    evaluations: evaluationRepository(ctx),
    acknowledgements: acknowledgementRepository(ctx),
    consentPolicies: consentPolicyRepository(ctx),
    consentEvidence: consentEvidenceRepository(ctx),
    consentTokens: consentTokenRepository(ctx),
    usualJurisdictions: usualJurisdictionRepository(ctx),
    auditLog: auditLogRepository(ctx),
    apiKeys: apiKeyRepository(ctx),
    sessions: sessionRepository(ctx),
    outbox: outboxRepository(ctx),
    ingestionAudit: ingestionAuditRepository(ctx),
    syncRuns: syncRunRepository(ctx),
    meetings: meetingRepository(ctx),
    jurisdictionMap: jurisdictionMapRepository(ctx),
    calendarMeetings: calendarMeetingRepository(ctx),
    webhooks: webhookEndpointRepository(ctx),
    alertRecipients: alertRecipientRepository(ctx),
    alertDeliveries: alertDeliveryRepository(ctx),
    syncSchedules: syncScheduleRepository(ctx),
  };
}

function checkKey(
  cipher: SecretCipher,
  sealed: string,
  file: string,
  source: EncryptionKeySource,
): void {
  try {
    cipher.decrypt(sealed, KEY_CHECK);
  } catch (cause) {
    const sealedKeyId = sealed.split('.')[1] ?? '?';
    throw new StoreError(
      'encryption_key_mismatch',
      `the encryption key (from ${describeSource(source)}, key id ${cipher.keyId}) is not the key ` +
        `${file} was created with (key id ${sealedKeyId}): its credentials cannot be decrypted. ` +
        'Set CAPTURE_DOCTOR_ENCRYPTION_KEY to the original key.',
      { cause },
    );
  }
}

function describeSource(source: EncryptionKeySource): string {
  if (source === 'environment') return 'CAPTURE_DOCTOR_ENCRYPTION_KEY';
  if (source === 'option') return 'the encryptionKey option';
  return 'the key file';
}

function canonicalNow(clock: () => Date): string {
  const now = clock();
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new StoreError('invalid_input', 'the store clock returned an invalid date', {
      field: 'clock',
    });
  }
  return now.toISOString();
}
