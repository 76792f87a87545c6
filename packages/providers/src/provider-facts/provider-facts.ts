import {
  type AccessState,
  authorizationErrorCodes,
  type CalendarEvent,
  type CompanyFacts,
  type ConnectionMode,
  connectivityErrorCodes,
  type ErrorCode,
  type MemberConnection,
  type MemberFacts,
  type Provider,
  type ProviderError,
} from '@capture-doctor/domain';

/** A team member the platform knows, to be probed (refresh token for user-by-user only). */
export interface ProviderMember {
  id: string;
  email: string;
  name?: string | undefined;
  refreshToken?: string | null | undefined;
}

/** What an adapter learnt about one member: facts only, no colours. */
export type ProviderMemberFacts = Pick<
  MemberFacts,
  | 'id'
  | 'email'
  | 'inScope'
  | 'connection'
  | 'access'
  | 'lastError'
  // Why each read failed, and the step before both: a failure colours only its own icons.
  // Adapters always fill them; facts saved by an older run may lack them.
  | 'mailboxError'
  | 'calendarError'
  | 'directoryError'
> & {
  name?: string | undefined;
  /** The member's upcoming events in the window asked for (see `SyncOptions.eventWindow`). */
  events?: CalendarEvent[] | undefined;
};

/** What an adapter learnt about the company's connection. */
export type ProviderCompanyFacts = Pick<
  CompanyFacts,
  'provider' | 'connectionMode' | 'tenants' | 'grantedScopes' | 'health' | 'lastError'
>;

/** The outcome of one adapter run. */
export interface ProviderSync {
  company: ProviderCompanyFacts;
  members: ProviderMemberFacts[];
}

/** A structured log line; adapters never put secrets in one. */
export interface SyncLogEvent {
  level: 'info' | 'warn';
  event: string;
  memberId?: string;
  detail?: string;
}

/**
 * One read of a member's mailbox or calendar, for the ingestion audit trail. Adapters report
 * every read twice: `started` before it is sent (and wait until the caller has kept it, so a
 * read the provider served always leaves a trace, even if the process is killed mid-read), then
 * `ok` or `failed`, under the same `readId`, once its retries are over.
 */
export interface ProviderRead {
  /** The same on a read's start and on its end. */
  readId: string;
  memberId: string;
  resource: 'mailbox' | 'calendar';
  /** Which call read it, e.g. gmail.users.getProfile. */
  readKind: string;
  /**
   * `started` before the read is sent; `ok` when the provider answered with the mailbox or
   * calendar; `failed` when it did not.
   */
  outcome: 'started' | 'ok' | 'failed';
  /** The normalized code of a failed read (see ErrorCode); null otherwise. */
  errorCode: string | null;
  /** How many messages or events the answer carried (0 unless it succeeded). */
  itemCount: number;
  /** When it was sent (`started`), or when the answer came, ISO 8601 UTC. */
  at: string;
}

/**
 * The end of a read reported as started, whatever its outcome.
 * @example readOf(started, outcome, (events) => events.items.length)
 */
export function readOf<T>(
  started: ProviderRead,
  outcome: { ok: true; value: T } | { ok: false; error: { code: string } },
  itemsIn: (value: T) => number,
): ProviderRead {
  return {
    ...started,
    outcome: outcome.ok ? 'ok' : 'failed',
    errorCode: outcome.ok ? null : outcome.error.code,
    itemCount: outcome.ok ? itemsIn(outcome.value) : 0,
    at: new Date().toISOString(),
  };
}

/** Options every adapter takes. */
export interface SyncOptions {
  /** The platform's team members; every directory user when absent. */
  members?: readonly ProviderMember[] | undefined;
  /** Group ids or emails a scoped company-wide connection covers; everyone when absent. */
  scopeGroups?: readonly string[] | undefined;
  /**
   * Reads each probed member's upcoming events between `from` and `to` (ISO 8601) instead of the
   * one-event calendar probe: the same read proves calendar access. No events are read when absent.
   */
  eventWindow?: { from: string; to: string } | undefined;
  /** Members probed at once (default 32). */
  concurrency?: number | undefined;
  /** Retries of a throttled or unavailable call, honouring Retry-After (default 3). */
  maxRetries?: number | undefined;
  /** Longest wait between retries, whatever Retry-After asks (default 60 s). */
  maxRetryWaitMs?: number | undefined;
  /** Time allowed for one HTTP request (default 30 s). */
  timeoutMs?: number | undefined;
  /**
   * Called for every mailbox or calendar read (the ingestion audit trail): when it starts, and
   * the read is not sent before the promise returned then resolves; again when it ends.
   */
  onRead?: ((read: ProviderRead) => void | Promise<void>) | undefined;
  /** Called with each member's facts as soon as they are known (progress, persistence). */
  onMember?: ((facts: ProviderMemberFacts) => void | Promise<void>) | undefined;
  /** Ids of members already read by an earlier run: not probed again, left out of `members`. */
  skipMemberIds?: ReadonlySet<string> | undefined;
  /** Stops probing members that have not started. */
  signal?: AbortSignal | undefined;
  log?: ((event: SyncLogEvent) => void) | undefined;
  /** Waits between retries; a test passes its own to see the delays asked for. */
  wait?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
}

// Sets of strings, not of ErrorCode: a stored snapshot's `lastError.code` is a string, and
// asking whether it is one of these needs no cast.
const NOT_FOUND_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'user_not_found',
  'user_suspended',
  'mailbox_not_enabled',
]);
const DENIED_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'access_policy_blocked',
  'access_denied',
]);
/** Codes that say the whole provider could not be reached. */
export const CONNECTIVITY_CODES: ReadonlySet<string> = new Set<ErrorCode>(connectivityErrorCodes);
/** Codes that say the platform's app itself is not let in. */
export const AUTHORIZATION_CODES: ReadonlySet<string> = new Set<ErrorCode>(authorizationErrorCodes);

/**
 * The access state a failed probe proves: not_found, denied, or error (unknown for a revoked token).
 * @example accessOfCode('mailbox_not_enabled') // 'not_found'
 */
export function accessOfCode(code: string): AccessState {
  if (NOT_FOUND_CODES.has(code)) return 'not_found';
  if (DENIED_CODES.has(code)) return 'denied';
  if (code === 'token_revoked') return 'unknown';
  return 'error';
}

/**
 * Facts for a member whose probes could not run because of `error` (company-wide failure).
 * @example memberFailed({ id: 'u1', email: 'a@b.c' }, true, null, error)
 */
export function memberFailed(
  member: { id: string; email: string; name?: string | undefined },
  inScope: boolean,
  connection: MemberConnection | null,
  error: ProviderError,
): ProviderMemberFacts {
  const state = accessOfCode(error.code);
  return {
    ...identity(member),
    inScope,
    connection: error.code === 'token_revoked' ? 'revoked' : connection,
    access: { mailbox: state, calendar: state },
    lastError: error,
    // Neither read ran: the directory lookup or the token exchange before them failed.
    mailboxError: null,
    calendarError: null,
    directoryError: error,
  };
}

/**
 * Facts for a member that was not probed (out of scope or not connected): access unknown.
 * @example memberNotProbed({ id: 'u1', email: 'a@b.c' }, false, null)
 */
export function memberNotProbed(
  member: { id: string; email: string; name?: string | undefined },
  inScope: boolean,
  connection: MemberConnection | null,
): ProviderMemberFacts {
  return {
    ...identity(member),
    inScope,
    connection,
    access: { mailbox: 'unknown', calendar: 'unknown' },
    lastError: null,
    mailboxError: null,
    calendarError: null,
    directoryError: null,
  };
}

function identity(member: { id: string; email: string; name?: string | undefined }) {
  return member.name === undefined
    ? { id: member.id, email: member.email }
    : { id: member.id, email: member.email, name: member.name };
}

/**
 * The company facts of a run, from the failure (if any) that touched the whole company.
 * @example companyFacts({ provider: 'microsoft_365', connectionMode: 'company_wide', tenantId, grantedScopes: roles, companyError: null })
 */
export function companyFacts(input: {
  provider: Provider;
  connectionMode: ConnectionMode;
  tenantId: string;
  domain?: string | undefined;
  grantedScopes: string[];
  companyError: ProviderError | null;
}): ProviderCompanyFacts {
  const health = healthOf(input.companyError?.code);
  return {
    provider: input.provider,
    connectionMode: input.connectionMode,
    tenants: [
      input.domain === undefined
        ? { id: input.tenantId, provider: input.provider }
        : { id: input.tenantId, provider: input.provider, domain: input.domain },
    ],
    grantedScopes: input.grantedScopes,
    health,
    lastError: input.companyError,
  };
}

/**
 * The provider's health from the failure that touched the whole company. `error` is kept for what
 * only support can untangle: the app not being let in is a member finding
 * (provider-authorization-failed) and says nothing about whether the provider answers.
 * @example healthOf('timeout') // 'connectivity_error'
 */
export function healthOf(code: string | undefined): ProviderCompanyFacts['health'] {
  if (code === undefined) return 'ok';
  if (CONNECTIVITY_CODES.has(code) || code === 'rate_limited') return 'connectivity_error';
  return code === 'unexpected' || code === 'malformed_response' ? 'error' : 'ok';
}

/**
 * How long to wait before retrying: Retry-After (seconds or a date) when given, else backoff.
 * @example retryDelayMs('2', 0, 60_000) // 2000
 */
export function retryDelayMs(
  retryAfter: string | null | undefined,
  attempt: number,
  maxWaitMs: number,
): number {
  let wait = 200 * 2 ** attempt;
  if (retryAfter !== null && retryAfter !== undefined && retryAfter !== '') {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) wait = seconds * 1000;
    else {
      const date = Date.parse(retryAfter);
      if (Number.isFinite(date)) wait = Math.max(0, date - Date.now());
    }
  }
  return Math.min(Math.max(0, wait), maxWaitMs);
}

/**
 * Waits `ms`, or less if `signal` aborts.
 * @example await sleep(retryDelayMs(retryAfter, attempt, 60_000), signal);
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted === true) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
