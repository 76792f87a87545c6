import { createPrivateKey } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ErrorCode, MemberConnection, ProviderError } from '@capture-doctor/domain';
import { admin, type admin_directory_v1 } from '@googleapis/admin';
import { calendar } from '@googleapis/calendar';
import { gmail, auth as googleAuth } from '@googleapis/gmail';
import {
  attemptCall,
  MalformedAnswer,
  type Outcome,
  type ProviderFailures,
} from '../attempt-call/attempt-call.js';
import { mapWithConcurrency } from '../bounded-concurrency/bounded-concurrency.js';
import { GOOGLE_SCOPES } from '../google-fake/google-fake.js';
import {
  errorText,
  networkErrorCode,
  providerError,
  type RawFailure,
} from '../provider-error/provider-error.js';
import {
  AUTHORIZATION_CODES,
  accessOfCode,
  CONNECTIVITY_CODES,
  companyFacts,
  memberFailed,
  memberNotProbed,
  type ProviderMember,
  type ProviderMemberFacts,
  type ProviderRead,
  type ProviderSync,
  readOf,
  type SyncLogEvent,
  type SyncOptions,
} from '../provider-facts/provider-facts.js';

/** Google credentials: a service account with domain-wide delegation, or an OAuth client for user-by-user. */
export type GoogleCredentials =
  | {
      kind: 'service_account';
      clientEmail: string;
      privateKey: string;
      adminEmail: string;
      customer?: string;
    }
  | { kind: 'oauth_client'; clientId: string; clientSecret: string };

/** Where Google is; the real endpoints when absent. */
export interface GoogleEndpoints {
  /** Root of the REST APIs (gmail, calendar, admin), e.g. https://www.googleapis.com/ */
  rootUrl?: string | undefined;
  /** OAuth token endpoint, e.g. https://oauth2.googleapis.com/token */
  tokenUrl?: string | undefined;
}

export interface GoogleSyncInput extends SyncOptions {
  credentials: GoogleCredentials;
  domain: string;
  endpoints?: GoogleEndpoints | undefined;
  /**
   * Threads that sign and probe (company-wide only); 1 probes in this thread. Each member needs
   * its own RS256-signed token exchange, so a large tenant is CPU-bound. By default: one thread
   * per spare core and per 1,000 members to probe, at most 4 (see `defaultProbeThreads`).
   */
  workers?: number | undefined;
}

const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

interface Context {
  input: GoogleSyncInput;
  secrets: string[];
  gmailApi: ReturnType<typeof gmail>;
  calendarApi: ReturnType<typeof calendar>;
  adminApi: admin_directory_v1.Admin;
  grantedScopes: Set<string>;
  /**
   * The service-account key, parsed once. The library types `key` as a PEM string, but it signs
   * with node:crypto (jws → jwa), which takes a KeyObject; parsing the PEM for each member's
   * token would double the CPU spent per member.
   */
  signingKey: string;
}

interface DirectoryUser {
  id: string;
  email: string;
  name?: string | undefined;
  suspended: boolean;
}

/**
 * Reads a Google Workspace tenant into provider facts: the directory, then the least read that
 * proves access to each member's mailbox and calendar. Never throws for provider failures.
 * @example const sync = await syncGoogleWorkspace({ credentials, domain: 'acme.com', members });
 */
export async function syncGoogleWorkspace(input: GoogleSyncInput): Promise<ProviderSync> {
  const context = newContext(input);
  return input.credentials.kind === 'service_account'
    ? companyWide(context, input.credentials)
    : userByUser(context, input.credentials);
}

function newContext(input: GoogleSyncInput): Context {
  const rootUrl = input.endpoints?.rootUrl;
  const apiOptions = rootUrl === undefined ? {} : { rootUrl };
  return {
    input,
    secrets: secretsOf(input),
    gmailApi: gmail({ version: 'v1', ...apiOptions }),
    calendarApi: calendar({ version: 'v3', ...apiOptions }),
    adminApi: admin({ version: 'directory_v1', ...apiOptions }),
    grantedScopes: new Set(),
    signingKey:
      input.credentials.kind === 'service_account' ? parsedKey(input.credentials.privateKey) : '',
  };
}

async function companyWide(
  context: Context,
  credentials: Extract<GoogleCredentials, { kind: 'service_account' }>,
): Promise<ProviderSync> {
  const { input } = context;
  const directory = await readDirectory(context, credentials);
  let companyError = directory.ok ? null : directory.error;
  const known = directory.ok ? directory.value.users : [];
  const byEmail = new Map(known.map((user) => [user.email.toLowerCase(), user]));
  const members: ProviderMember[] =
    input.members !== undefined
      ? [...input.members]
      : known.map(({ id, email, name }) => ({ id, email, name }));
  const scope = directory.ok ? directory.value.scope : null;
  const unreachable =
    companyError !== null && CONNECTIVITY_CODES.has(companyError.code as ErrorCode);

  const decide = (
    member: ProviderMember,
  ): { named: ProviderMember; facts: ProviderMemberFacts | null } => {
    const entry = byEmail.get(member.email.toLowerCase());
    const named = { ...member, name: member.name ?? entry?.name };
    // Someone the directory does not list is probed anyway: the provider's own answer says why.
    const inScope = scope === null || entry === undefined || scope.has(entry.id);
    if (unreachable && companyError !== null) {
      return { named, facts: memberFailed(named, inScope, null, companyError) };
    }
    if (!inScope) return { named, facts: memberNotProbed(named, false, null) };
    if (entry?.suspended === true) {
      const message = 'the directory lists this user as suspended';
      const error = providerError(
        { code: 'user_suspended', message, source: 'directory.users' },
        [],
      );
      return { named, facts: memberFailed(named, true, null, error) };
    }
    return { named, facts: null };
  };
  const plan = members.filter((member) => input.skipMemberIds?.has(member.id) !== true).map(decide);
  const decided = new Map(
    plan.flatMap(({ named, facts }) => (facts === null ? [] : [[named.id, facts] as const])),
  );
  const workers = input.workers ?? defaultProbeThreads(plan.length - decided.size);
  let facts: ProviderMemberFacts[];
  if (workers > 1 && plan.length > decided.size) {
    const early = await probeAll(
      context,
      plan.filter(({ facts: known }) => known !== null).map(({ named }) => named),
      async (member) => decided.get(member.id) as ProviderMemberFacts,
    );
    const probed = await probeInWorkers(
      context,
      plan.filter(({ facts: known }) => known === null).map(({ named }) => named),
      workers,
    );
    const byId = new Map([...early, ...probed].map((item) => [item.id, item]));
    facts = plan.flatMap(({ named }) => byId.get(named.id) ?? []);
  } else {
    facts = await probeAll(
      context,
      plan.map(({ named }) => named),
      async (member) =>
        decided.get(member.id) ?? probeServiceAccountMember(context, credentials, member),
    );
  }
  companyError ??= companyWideFailure(facts);
  return {
    company: companyFacts({
      provider: 'google_workspace',
      connectionMode: 'company_wide',
      tenantId: credentials.customer ?? input.domain,
      domain: input.domain,
      grantedScopes: [...context.grantedScopes].sort(),
      companyError,
    }),
    members: facts,
  };
}

/** The token exchange impersonating `member`, then the mailbox and calendar reads. */
async function probeServiceAccountMember(
  context: Context,
  credentials: Extract<GoogleCredentials, { kind: 'service_account' }>,
  member: ProviderMember,
): Promise<ProviderMemberFacts> {
  const scopes = [GOOGLE_SCOPES.gmail, GOOGLE_SCOPES.calendar];
  const auth = serviceAccountClient(context, credentials, scopes, member.email);
  const token = await attempt(context, 'token', () => auth.authorize());
  if (!token.ok) return memberFailed(member, true, null, token.error);
  context.grantedScopes.add(GOOGLE_SCOPES.gmail).add(GOOGLE_SCOPES.calendar);
  return probeMember(context, member, true, null, auth, member.email);
}

/**
 * How many threads probe when the caller does not say: one per spare core (the main thread keeps
 * one), one per 1,000 members to probe (a thread costs its start-up and its own copy of the
 * client libraries), at most 4. On a 2-core machine that is 1: probing stays in this thread.
 * @example defaultProbeThreads(10_000) // 4 on an 8-core machine, 1 on a 2-core one
 */
export function defaultProbeThreads(
  membersToProbe: number,
  cores: number = availableParallelism(),
): number {
  return Math.max(1, Math.min(4, cores - 1, Math.ceil(membersToProbe / 1000)));
}

/** What a probing worker thread is given: the input without its callbacks. */
export type GoogleWorkerInput = Omit<
  GoogleSyncInput,
  'onMember' | 'onRead' | 'log' | 'wait' | 'signal' | 'skipMemberIds'
>;

/** Messages a probing worker thread sends back. */
export type GoogleWorkerMessage =
  | { type: 'member'; facts: ProviderMemberFacts }
  | { type: 'read'; read: ProviderRead }
  | { type: 'log'; event: SyncLogEvent }
  | { type: 'done'; grantedScopes: string[] };

/**
 * Probes `input.members` in this thread for a worker: each member's facts, reads and log lines go
 * to `send`. Used by google-worker; RS256 signing per member is what makes threads worth it.
 * @example await probeGoogleMembers(workerData, (message) => parentPort?.postMessage(message), signal);
 */
export async function probeGoogleMembers(
  workerInput: GoogleWorkerInput,
  send: (message: GoogleWorkerMessage) => void,
  signal: AbortSignal,
): Promise<void> {
  const credentials = workerInput.credentials;
  if (credentials.kind !== 'service_account')
    throw new Error('workers probe company-wide connections only');
  const context = newContext({
    ...workerInput,
    signal,
    onMember: (facts) => send({ type: 'member', facts }),
    onRead: (read) => send({ type: 'read', read }),
    log: (event) => send({ type: 'log', event }),
  });
  await probeAll(context, [...(workerInput.members ?? [])], (member) =>
    probeServiceAccountMember(context, credentials, member),
  );
  send({ type: 'done', grantedScopes: [...context.grantedScopes] });
}

/**
 * Starts a probing worker. Run from TypeScript sources (this monorepo's tests and scripts), the
 * worker registers tsx itself: worker threads do not inherit the loader hooks of the main thread.
 */
function startWorker(script: URL, workerData: GoogleWorkerInput): Worker {
  if (!script.pathname.endsWith('.ts')) return new Worker(script, { workerData });
  const code = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(script.href)}); });`;
  const conditions = process.execArgv.some((flag) => flag.includes('@capture-doctor/source'))
    ? []
    : ['--conditions=@capture-doctor/source'];
  return new Worker(code, {
    eval: true,
    workerData,
    execArgv: [...process.execArgv, ...conditions],
  });
}

/** Spreads `members` over worker threads, relaying their facts, reads and logs as they come. */
async function probeInWorkers(
  context: Context,
  members: ProviderMember[],
  workers: number,
): Promise<ProviderMemberFacts[]> {
  const { input } = context;
  const { onMember, onRead, log, wait, signal, skipMemberIds, ...plain } = input;
  const script = new URL(
    import.meta.url.endsWith('.ts') ? './google-worker.ts' : './google-worker.js',
    import.meta.url,
  );
  const slices = Array.from({ length: workers }, (_, index) =>
    members.filter((_member, position) => position % workers === index),
  ).filter((slice) => slice.length > 0);
  const results = await Promise.all(
    slices.map(
      (slice) =>
        new Promise<ProviderMemberFacts[]>((resolve, reject) => {
          const workerInput: GoogleWorkerInput = { ...plain, members: slice, workers: 1 };
          const worker = startWorker(script, workerInput);
          const facts: ProviderMemberFacts[] = [];
          let relay = Promise.resolve();
          const stop = () => worker.postMessage({ type: 'abort' });
          signal?.addEventListener('abort', stop, { once: true });
          worker.on('message', (message: GoogleWorkerMessage) => {
            // Relayed in order, so a checkpoint never runs ahead of the facts it saves.
            relay = relay.then(async () => {
              if (message.type === 'member') {
                facts.push(message.facts);
                await onMember?.(message.facts);
              } else if (message.type === 'read') onRead?.(message.read);
              else if (message.type === 'log') log?.(message.event);
              else {
                for (const scope of message.grantedScopes) context.grantedScopes.add(scope);
                signal?.removeEventListener('abort', stop);
                resolve(facts);
                // Its kept-alive connections would hold the thread open; it has nothing left to do.
                void worker.terminate();
              }
            });
            relay.catch(reject);
          });
          worker.on('error', reject);
          worker.on('exit', (code) => {
            if (code !== 0) reject(new Error(`a probing worker stopped with code ${code}`));
          });
        }),
    ),
  );
  return results.flat();
}

async function userByUser(
  context: Context,
  credentials: Extract<GoogleCredentials, { kind: 'oauth_client' }>,
): Promise<ProviderSync> {
  const { input } = context;
  const facts = await probeAll(context, [...(input.members ?? [])], async (member) => {
    if (
      member.refreshToken === null ||
      member.refreshToken === undefined ||
      member.refreshToken === ''
    ) {
      return memberNotProbed(member, true, 'not_connected');
    }
    const auth = new googleAuth.OAuth2({
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      transporterOptions: { timeout: input.timeoutMs ?? 30_000, fetchImplementation: fetch },
      ...(input.endpoints?.tokenUrl === undefined
        ? {}
        : { endpoints: { oauth2TokenUrl: input.endpoints.tokenUrl } }),
    });
    ourRetriesOnly(auth, undefined);
    auth.setCredentials({ refresh_token: member.refreshToken });
    const token = await attempt(context, 'token', () => auth.getAccessToken());
    if (!token.ok)
      return memberFailed(
        member,
        true,
        token.error.code === 'token_revoked' ? 'revoked' : 'connected',
        token.error,
      );
    const granted = String(token.value.res?.data.scope ?? '')
      .split(' ')
      .filter(Boolean);
    for (const scope of granted) context.grantedScopes.add(scope);
    const complete =
      granted.length === 0 ||
      (granted.includes(GOOGLE_SCOPES.gmail) && granted.includes(GOOGLE_SCOPES.calendar));
    return probeMember(
      context,
      member,
      true,
      complete ? 'connected' : 'insufficient_permissions',
      auth,
      'me',
    );
  });
  return {
    company: companyFacts({
      provider: 'google_workspace',
      connectionMode: 'user_by_user',
      tenantId: input.domain,
      domain: input.domain,
      grantedScopes: [...context.grantedScopes].sort(),
      companyError: companyWideFailure(facts),
    }),
    members: facts,
  };
}

/** The mailbox and calendar reads, run together for one member with an authorised client. */
async function probeMember(
  context: Context,
  member: ProviderMember,
  inScope: boolean,
  connection: MemberConnection | null,
  auth: GoogleClient,
  userId: string,
): Promise<ProviderMemberFacts> {
  const [mailbox, calendarRead] = await Promise.all([
    attempt(context, 'gmail.profile', async () => {
      const res = await context.gmailApi.users.getProfile({ userId, auth });
      if (typeof res.data.emailAddress !== 'string') throw new MalformedAnswer('gmail.profile');
      return res.data;
    }),
    attempt(context, 'calendar.events', async () => {
      const res = await context.calendarApi.events.list({
        calendarId: userId === 'me' ? 'primary' : userId,
        maxResults: 1,
        auth,
      });
      if (!Array.isArray(res.data.items)) throw new MalformedAnswer('calendar.events');
      return res.data;
    }),
  ]);
  const error =
    (!mailbox.ok ? mailbox.error : null) ?? (!calendarRead.ok ? calendarRead.error : null);
  const { onRead } = context.input;
  onRead?.(readOf(member.id, 'mailbox', 'gmail.users.getProfile', mailbox, () => 0));
  onRead?.(
    readOf(
      member.id,
      'calendar',
      'calendar.events.list',
      calendarRead,
      (events) => events.items?.length ?? 0,
    ),
  );
  return {
    id: member.id,
    email: member.email,
    ...(member.name === undefined ? {} : { name: member.name }),
    inScope,
    connection,
    access: {
      mailbox: mailbox.ok ? 'ok' : accessOfCode(mailbox.error.code as ErrorCode),
      calendar: calendarRead.ok ? 'ok' : accessOfCode(calendarRead.error.code as ErrorCode),
    },
    lastError: error,
  };
}

async function readDirectory(
  context: Context,
  credentials: Extract<GoogleCredentials, { kind: 'service_account' }>,
): Promise<Outcome<{ users: DirectoryUser[]; scope: Set<string> | null }>> {
  const groups = context.input.scopeGroups ?? [];
  const scopes =
    groups.length > 0 ? [GOOGLE_SCOPES.directory, GOOGLE_SCOPES.groups] : [GOOGLE_SCOPES.directory];
  const auth = serviceAccountClient(context, credentials, scopes, credentials.adminEmail);
  const token = await attempt(context, 'token', () => auth.authorize());
  if (!token.ok) return token;
  const users: DirectoryUser[] = [];
  let pageToken: string | undefined;
  do {
    const page = await attempt(context, 'directory.users', async () => {
      const res = await context.adminApi.users.list({
        customer: credentials.customer ?? 'my_customer',
        maxResults: 500,
        auth,
        ...(pageToken === undefined ? {} : { pageToken }),
      });
      if (!Array.isArray(res.data.users) && res.data.kind !== 'admin#directory#users')
        throw new MalformedAnswer('directory.users');
      return res.data;
    });
    if (!page.ok) return page;
    for (const user of page.value.users ?? []) {
      if (typeof user.primaryEmail !== 'string' || typeof user.id !== 'string') continue;
      users.push({
        id: user.id,
        email: user.primaryEmail,
        name: user.name?.fullName ?? undefined,
        suspended: user.suspended === true,
      });
    }
    pageToken = page.value.nextPageToken ?? undefined;
  } while (pageToken !== undefined);
  context.grantedScopes.add(GOOGLE_SCOPES.directory);
  if (groups.length === 0) return { ok: true, value: { users, scope: null } };
  const scope = new Set<string>();
  for (const groupKey of groups) {
    let memberPage: string | undefined;
    do {
      const page = await attempt(context, 'directory.members', async () => {
        const res = await context.adminApi.members.list({
          groupKey,
          maxResults: 200,
          auth,
          ...(memberPage === undefined ? {} : { pageToken: memberPage }),
        });
        return res.data;
      });
      if (!page.ok) return page;
      for (const member of page.value.members ?? [])
        if (typeof member.id === 'string') scope.add(member.id);
      memberPage = page.value.nextPageToken ?? undefined;
    } while (memberPage !== undefined);
  }
  context.grantedScopes.add(GOOGLE_SCOPES.groups);
  return { ok: true, value: { users, scope } };
}

async function probeAll(
  context: Context,
  members: ProviderMember[],
  probe: (member: ProviderMember) => Promise<ProviderMemberFacts>,
): Promise<ProviderMemberFacts[]> {
  const { input } = context;
  const todo = members.filter((member) => input.skipMemberIds?.has(member.id) !== true);
  const results = await mapWithConcurrency(todo, input.concurrency ?? 48, async (member) => {
    if (input.signal?.aborted === true) return null;
    const facts = await probe(member);
    if (facts.lastError !== null) {
      input.log?.({
        level: 'warn',
        event: 'probe_failed',
        memberId: facts.id,
        detail: `${facts.lastError.code}: ${facts.lastError.message}`,
      });
    }
    await input.onMember?.(facts);
    return facts;
  });
  return results.filter((facts): facts is ProviderMemberFacts => facts !== null);
}

/** A failure that touched the whole company: the app not let in, or nothing reachable at all. */
function companyWideFailure(facts: ProviderMemberFacts[]): ProviderError | null {
  const errors = facts
    .map((member) => member.lastError)
    .filter((error): error is ProviderError => error !== null);
  const authorization = errors.find((error) => AUTHORIZATION_CODES.has(error.code as ErrorCode));
  if (authorization !== undefined) return authorization;
  const probed = facts.filter(
    (member) => member.access.mailbox !== 'unknown' || member.lastError !== null,
  );
  if (
    probed.length > 0 &&
    probed.every(
      (member) =>
        member.lastError !== null && CONNECTIVITY_CODES.has(member.lastError.code as ErrorCode),
    )
  ) {
    return probed[0]?.lastError ?? null;
  }
  return null;
}

function parsedKey(pem: string): string {
  try {
    return createPrivateKey(pem) as unknown as string;
  } catch {
    // A key that does not parse is sent as given: the provider's answer then says why it fails.
    return pem;
  }
}

type GoogleClient = InstanceType<typeof googleAuth.JWT> | InstanceType<typeof googleAuth.OAuth2>;

function serviceAccountClient(
  context: Context,
  credentials: Extract<GoogleCredentials, { kind: 'service_account' }>,
  scopes: string[],
  subject: string,
): InstanceType<typeof googleAuth.JWT> {
  const client = new googleAuth.JWT({
    email: credentials.clientEmail,
    key: context.signingKey,
    scopes,
    subject,
    transporterOptions: { timeout: context.input.timeoutMs ?? 30_000, fetchImplementation: fetch },
  });
  ourRetriesOnly(client, context.input.endpoints?.tokenUrl);
  return client;
}

/** Sends token requests to `tokenUrl` and turns off the library's retries: ours honour Retry-After. */
function ourRetriesOnly(client: GoogleClient, tokenUrl: string | undefined): void {
  client.transporter.interceptors.request.add({
    resolved: async (options) => {
      if (tokenUrl !== undefined && String(options.url).startsWith(GOOGLE_TOKEN_URL))
        options.url = new URL(tokenUrl);
      options.retry = false;
      options.retryConfig = { ...options.retryConfig, retry: 0 };
      return options;
    },
  });
}

interface GoogleErrorBody {
  error?: unknown;
  error_description?: unknown;
}

/**
 * Turns a raw error of the Google client libraries into a normalized failure (the raw code kept).
 * @example classifyGoogleError(gaxiosError, 'gmail.profile').code // 'mailbox_not_enabled'
 */
export function classifyGoogleError(error: unknown, source: string): RawFailure {
  if (error instanceof MalformedAnswer)
    return { code: 'malformed_response', message: error.message, source };
  const record = (error ?? {}) as {
    status?: unknown;
    response?: { status?: unknown; data?: unknown };
  };
  const status =
    typeof record.response?.status === 'number'
      ? record.response.status
      : typeof record.status === 'number'
        ? record.status
        : undefined;
  const data = record.response?.data;
  const network = networkErrorCode(error);
  if (network !== null && status === undefined)
    return { code: network, message: errorText(error), source };
  if (data !== null && typeof data === 'object') {
    const body = data as GoogleErrorBody;
    if (typeof body.error === 'string') {
      const description = typeof body.error_description === 'string' ? body.error_description : '';
      return {
        code: tokenErrorCode(body.error, description),
        providerCode: body.error,
        message: description || body.error,
        status,
        source,
      };
    }
    if (body.error !== null && typeof body.error === 'object')
      return apiFailure(body.error as ApiError, status, source);
  }
  if (status !== undefined && status >= 200 && status < 300)
    return { code: 'malformed_response', message: errorText(error), status, source };
  if (typeof data === 'string' && status !== undefined && status < 500 && status !== 429) {
    return { code: 'malformed_response', message: errorText(error), status, source };
  }
  if (status === 429) return { code: 'rate_limited', message: errorText(error), status, source };
  if (status !== undefined && status >= 500)
    return { code: 'service_unavailable', message: errorText(error), status, source };
  return { code: network ?? 'unexpected', message: errorText(error), status, source };
}

interface ApiError {
  message?: unknown;
  status?: unknown;
  errors?: Array<{ reason?: unknown; message?: unknown }>;
  details?: Array<{ reason?: unknown }>;
}

function apiFailure(body: ApiError, status: number | undefined, source: string): RawFailure {
  const reason = typeof body.errors?.[0]?.reason === 'string' ? body.errors[0].reason : undefined;
  const detail = body.details?.find((item) => typeof item.reason === 'string')?.reason as
    | string
    | undefined;
  const message = typeof body.message === 'string' ? body.message : JSON.stringify(body);
  const providerCode =
    detail ?? reason ?? (typeof body.status === 'string' ? body.status : undefined);
  const failure = (code: ErrorCode): RawFailure => ({
    code,
    providerCode,
    message,
    status,
    source,
  });
  if (detail === 'SERVICE_DISABLED' || reason === 'accessNotConfigured')
    return failure('api_disabled');
  if (reason === 'failedPrecondition' && /mail service not enabled/i.test(message))
    return failure('mailbox_not_enabled');
  if (
    reason !== undefined &&
    ['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded'].includes(reason)
  )
    return failure('rate_limited');
  if (status === 429) return failure('rate_limited');
  if (status === 404) return failure('user_not_found');
  if (status === 403 || status === 401) return failure('access_denied');
  if (status !== undefined && status >= 500) return failure('service_unavailable');
  return failure('unexpected');
}

function tokenErrorCode(error: string, description: string): ErrorCode {
  switch (error) {
    case 'unauthorized_client':
    case 'invalid_scope':
      return 'delegation_not_authorized';
    case 'admin_policy_enforced':
      return 'admin_policy_enforced';
    case 'access_denied':
    case 'org_internal':
      return 'access_denied';
    case 'disabled_client':
    case 'deleted_client':
      return 'app_not_found';
    case 'invalid_client':
      return 'invalid_client_secret';
    case 'invalid_grant':
      if (/invalid email or user id|not a valid email/i.test(description)) return 'user_not_found';
      if (/expired or revoked|bad request/i.test(description)) return 'token_revoked';
      if (/invalid jwt signature/i.test(description)) return 'invalid_client_secret';
      return 'unexpected';
    default:
      return 'unexpected';
  }
}

const googleFailures: ProviderFailures = {
  classify: (error, source) => classifyGoogleError(error, source),
  retryAfter: retryAfterOf,
};

/** Runs one provider call with the shared retry loop. */
function attempt<T>(context: Context, source: string, call: () => Promise<T>): Promise<Outcome<T>> {
  return attemptCall(context.input, context.secrets, googleFailures, source, call);
}

function retryAfterOf(error: unknown): string | null {
  const headers = (error as { response?: { headers?: unknown } } | null)?.response?.headers;
  if (headers instanceof Headers) return headers.get('retry-after');
  if (headers !== null && typeof headers === 'object') {
    const value = (headers as Record<string, unknown>)['retry-after'];
    return typeof value === 'string' ? value : null;
  }
  return null;
}

function secretsOf(input: GoogleSyncInput): string[] {
  const secrets: string[] = [];
  if (input.credentials.kind === 'service_account') secrets.push(input.credentials.privateKey);
  else secrets.push(input.credentials.clientSecret);
  for (const member of input.members ?? [])
    if (typeof member.refreshToken === 'string') secrets.push(member.refreshToken);
  return secrets;
}
