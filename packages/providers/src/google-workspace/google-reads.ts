// @internal: part of the Google Workspace module: its reads (directory, token exchanges, probes).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CalendarEvent, MemberConnection } from '@capture-doctor/domain';
import { admin, type admin_directory_v1 } from '@googleapis/admin';
import { calendar } from '@googleapis/calendar';
import { gmail } from '@googleapis/gmail';
import { attemptCall, MalformedAnswer, type Outcome } from '../attempt-call/attempt-call.js';
import { mapWithConcurrency } from '../bounded-concurrency/bounded-concurrency.js';
import { uniqueEvents } from '../calendar-events/calendar-events.js';
import { createHttpsTransport, type HttpsTransport } from '../https-transport/https-transport.js';
import {
  auditedRead,
  companyWideFailure,
  companyWideRun,
  type Directory,
  type DirectoryUser,
  notConnected,
  probedFacts,
  refreshTokenOf,
  report,
  secretsOf,
  tokenFailed,
  unread,
} from '../probe-pipeline/probe-pipeline.js';
import {
  companyFacts,
  memberFailed,
  type ProviderMember,
  type ProviderMemberFacts,
  type ProviderRead,
  type ProviderSync,
  type SyncLogEvent,
  type SyncOptions,
} from '../provider-facts/provider-facts.js';
import { googleFailures } from './google-errors.js';
import { GOOGLE_EVENT_FIELDS, googleEvent } from './google-events.js';
import { GOOGLE_SCOPES } from './google-scopes.js';
import {
  type GoogleClient,
  type GoogleTransporter,
  googleTransporter,
  oauthClient,
  serviceAccountClient,
  signingKeyOf,
} from './google-transport.js';

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

type ServiceAccount = Extract<GoogleCredentials, { kind: 'service_account' }>;

/** Members probed at once when the input does not say. */
const DEFAULT_CONCURRENCY = 48;

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

interface Context {
  input: GoogleSyncInput;
  secrets: string[];
  gmailApi: ReturnType<typeof gmail>;
  calendarApi: ReturnType<typeof calendar>;
  adminApi: admin_directory_v1.Admin;
  grantedScopes: Set<string>;
  /** The service-account key, parsed once (see signingKeyOf). */
  signingKey: string;
  /** Every request of the sync goes over it; closed when the sync ends. */
  transport: HttpsTransport;
  /** The gaxios instance of every client of the sync, sending over `transport`. */
  transporter: GoogleTransporter;
}

/**
 * Reads a Google Workspace tenant into provider facts: the directory, then the least read that
 * proves access to each member's mailbox and calendar. Never throws for provider failures.
 * @example const sync = await syncGoogleWorkspace({ credentials, domain: 'acme.com', members });
 */
export async function syncGoogleWorkspace(input: GoogleSyncInput): Promise<ProviderSync> {
  const context = newContext(input);
  try {
    return input.credentials.kind === 'service_account'
      ? await companyWide(context, input.credentials)
      : await userByUser(context, input.credentials);
  } finally {
    context.transport.close();
  }
}

function newContext(input: GoogleSyncInput): Context {
  const rootUrl = input.endpoints?.rootUrl;
  const apiOptions = rootUrl === undefined ? {} : { rootUrl };
  const { credentials } = input;
  const transport = createHttpsTransport({
    timeoutMs: input.timeoutMs ?? 30_000,
    // A member's mailbox and calendar reads run together: two connections per member probed.
    maxSockets: 2 * (input.concurrency ?? DEFAULT_CONCURRENCY),
  });
  return {
    input,
    secrets: secretsOf(
      credentials.kind === 'service_account' ? credentials.privateKey : credentials.clientSecret,
      input.members,
    ),
    gmailApi: gmail({ version: 'v1', ...apiOptions }),
    calendarApi: calendar({ version: 'v3', ...apiOptions }),
    adminApi: admin({ version: 'directory_v1', ...apiOptions }),
    grantedScopes: new Set(),
    signingKey: credentials.kind === 'service_account' ? signingKeyOf(credentials.privateKey) : '',
    transport,
    transporter: googleTransporter({ transport, tokenUrl: input.endpoints?.tokenUrl }),
  };
}

async function companyWide(context: Context, credentials: ServiceAccount): Promise<ProviderSync> {
  const { input } = context;
  const directory = await readDirectory(context, credentials);
  const run = await companyWideRun(input, directory, (todo) => {
    const members = todo.map(({ member }) => member);
    const workers = input.workers ?? defaultProbeThreads(members.length);
    return workers > 1 && members.length > 0
      ? probeInWorkers(context, members, workers)
      : probeAll(context, members, (member) =>
          probeServiceAccountMember(context, credentials, member),
        );
  });
  return {
    company: companyFacts({
      provider: 'google_workspace',
      connectionMode: 'company_wide',
      tenantId: credentials.customer ?? input.domain,
      domain: input.domain,
      grantedScopes: [...context.grantedScopes].sort(),
      companyError: run.companyError,
    }),
    members: run.members,
  };
}

/** The token exchange impersonating `member`, then the mailbox and calendar reads. */
async function probeServiceAccountMember(
  context: Context,
  credentials: ServiceAccount,
  member: ProviderMember,
): Promise<ProviderMemberFacts> {
  const scopes = [GOOGLE_SCOPES.gmail, GOOGLE_SCOPES.calendar];
  const auth = await impersonate(context, credentials, scopes, member.email);
  if (!auth.ok) return memberFailed(member, true, null, auth.error);
  context.grantedScopes.add(GOOGLE_SCOPES.gmail).add(GOOGLE_SCOPES.calendar);
  return probeMember(context, member, true, null, auth.value, member.email);
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
  /** A started read carries `ack`: the worker sends it once the parent answers `kept`. */
  | { type: 'read'; read: ProviderRead; ack?: number }
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
  keep: (read: ProviderRead) => Promise<void>,
): Promise<void> {
  const credentials = workerInput.credentials;
  if (credentials.kind !== 'service_account')
    throw new Error('workers probe company-wide connections only');
  const context = newContext({
    ...workerInput,
    signal,
    onMember: (facts) => send({ type: 'member', facts }),
    onRead: (read) => (read.outcome === 'started' ? keep(read) : send({ type: 'read', read })),
    log: (event) => send({ type: 'log', event }),
  });
  try {
    await probeAll(context, [...(workerInput.members ?? [])], (member) =>
      probeServiceAccountMember(context, credentials, member),
    );
  } finally {
    context.transport.close();
  }
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
              } else if (message.type === 'read') {
                // Not awaited here: the other members' reads are kept in the same transaction.
                const { ack } = message;
                const kept = Promise.resolve(onRead?.(message.read));
                const fail = (error: unknown) => {
                  // The worker waits for this read's ack, which will not come: stop it.
                  void worker.terminate();
                  reject(error);
                };
                if (ack !== undefined)
                  kept.then(() => worker.postMessage({ type: 'kept', ack }), fail);
              } else if (message.type === 'log') log?.(message.event);
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
  const facts = await probeAll(context, unread(input, input.members ?? []), async (member) => {
    const refreshToken = refreshTokenOf(member);
    if (refreshToken === null) return notConnected(member);
    const auth = oauthClient(
      credentials,
      refreshToken,
      context.transporter,
      input.endpoints?.tokenUrl,
    );
    const token = await attempt(context, 'token', () => auth.getAccessToken());
    if (!token.ok) return tokenFailed(member, token.error);
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
  const { input } = context;
  const [mailbox, calendarRead] = await Promise.all([
    auditedRead(
      input,
      member.id,
      'mailbox',
      'gmail.users.getProfile',
      () =>
        attempt(context, 'gmail.profile', async () => {
          const res = await context.gmailApi.users.getProfile({ userId, auth });
          if (typeof res.data.emailAddress !== 'string') throw new MalformedAnswer('gmail.profile');
          return res.data;
        }),
      () => 0,
    ),
    auditedRead(
      input,
      member.id,
      'calendar',
      'calendar.events.list',
      () => readCalendar(context, auth, userId === 'me' ? 'primary' : userId),
      (events) => events.count,
    ),
  ]);
  const events =
    calendarRead.ok && input.eventWindow !== undefined ? calendarRead.value.items : undefined;
  return probedFacts(member, inScope, connection, mailbox, calendarRead, events);
}

/**
 * The calendar read: the upcoming events of the window, every page, when the input asks for
 * them (recurring meetings expanded), else the one-event probe.
 */
async function readCalendar(
  context: Context,
  auth: GoogleClient,
  calendarId: string,
): Promise<Outcome<{ items: CalendarEvent[]; count: number }>> {
  const window = context.input.eventWindow;
  if (window === undefined) {
    return attempt(context, 'calendar.events', async () => {
      const res = await context.calendarApi.events.list({ calendarId, maxResults: 1, auth });
      if (!Array.isArray(res.data.items)) throw new MalformedAnswer('calendar.events');
      return { items: [], count: res.data.items.length };
    });
  }
  const items: CalendarEvent[] = [];
  let pageToken: string | undefined;
  do {
    const page = await attempt(context, 'calendar.events', async () => {
      const res = await context.calendarApi.events.list({
        calendarId,
        singleEvents: true,
        orderBy: 'startTime',
        timeMin: window.from,
        timeMax: window.to,
        maxResults: 2500,
        fields: GOOGLE_EVENT_FIELDS,
        auth,
        ...(pageToken === undefined ? {} : { pageToken }),
      });
      if (!Array.isArray(res.data.items)) throw new MalformedAnswer('calendar.events');
      return res.data;
    });
    if (!page.ok) return page;
    for (const item of page.value.items ?? []) {
      const event = googleEvent(item);
      if (event !== null) items.push(event);
    }
    pageToken = page.value.nextPageToken ?? undefined;
  } while (pageToken !== undefined);
  const unique = uniqueEvents(items);
  return { ok: true, value: { items: unique, count: unique.length } };
}

async function readDirectory(
  context: Context,
  credentials: ServiceAccount,
): Promise<Outcome<Directory>> {
  const groups = context.input.scopeGroups ?? [];
  const scopes =
    groups.length > 0 ? [GOOGLE_SCOPES.directory, GOOGLE_SCOPES.groups] : [GOOGLE_SCOPES.directory];
  const authorised = await impersonate(context, credentials, scopes, credentials.adminEmail);
  if (!authorised.ok) return authorised;
  const auth = authorised.value;
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
        blocked: user.suspended === true ? 'the directory lists this user as suspended' : null,
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

/** Probes `members` with bounded concurrency, reporting each as it ends; stops when aborted. */
async function probeAll(
  context: Context,
  members: ProviderMember[],
  probe: (member: ProviderMember) => Promise<ProviderMemberFacts>,
): Promise<ProviderMemberFacts[]> {
  const { input } = context;
  const results = await mapWithConcurrency(
    members,
    input.concurrency ?? DEFAULT_CONCURRENCY,
    async (member) => (input.signal?.aborted === true ? null : report(input, await probe(member))),
  );
  return results.filter((facts): facts is ProviderMemberFacts => facts !== null);
}

/** The service account's client impersonating `subject`, once its token exchange went through. */
async function impersonate(
  context: Context,
  credentials: ServiceAccount,
  scopes: string[],
  subject: string,
): Promise<Outcome<GoogleClient>> {
  const auth = serviceAccountClient(
    { clientEmail: credentials.clientEmail, signingKey: context.signingKey },
    scopes,
    subject,
    context.transporter,
  );
  const token = await attempt(context, 'token', () => auth.authorize());
  return token.ok ? { ok: true, value: auth } : token;
}

/** Runs one provider call with the shared retry loop. */
function attempt<T>(context: Context, source: string, call: () => Promise<T>): Promise<Outcome<T>> {
  return attemptCall(context.input, context.secrets, googleFailures, source, call);
}
