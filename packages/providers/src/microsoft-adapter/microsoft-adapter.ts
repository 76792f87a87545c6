import {
  AuthError,
  ConfidentialClientApplication,
  type INetworkModule,
  type NetworkResponse,
} from '@azure/msal-node';
import type { ErrorCode, MemberConnection, ProviderError } from '@capture-doctor/domain';
import {
  Client,
  type Context as GraphContext,
  GraphError,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import {
  attemptCall,
  MalformedAnswer,
  type Outcome,
  type ProviderFailures,
} from '../attempt-call/attempt-call.js';
import { KeyedLimiter, mapWithConcurrency } from '../bounded-concurrency/bounded-concurrency.js';
import { decodeJwtPart } from '../fake-server/fake-server.js';
import { createHttpsTransport, type HttpsTransport } from '../https-transport/https-transport.js';
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
  type ProviderSync,
  readOf,
  retryDelayMs,
  type SyncOptions,
  sleep,
} from '../provider-facts/provider-facts.js';

/** Microsoft credentials: an app with a secret or a certificate (company-wide), or delegated refresh tokens. */
export type MicrosoftCredentials =
  | { kind: 'client_secret'; tenantId: string; clientId: string; clientSecret: string }
  | {
      kind: 'client_certificate';
      tenantId: string;
      clientId: string;
      thumbprintSha256: string;
      privateKey: string;
    }
  | { kind: 'delegated'; tenantId: string; clientId: string; clientSecret: string };

/** Where Microsoft is; the real endpoints when absent. */
export interface MicrosoftEndpoints {
  /** Replaces https://login.microsoftonline.com for token requests. */
  loginUrl?: string | undefined;
  /** Replaces https://graph.microsoft.com */
  graphUrl?: string | undefined;
  /** Extra CA certificate (PEM) to trust. */
  ca?: string | undefined;
}

export interface MicrosoftSyncInput extends SyncOptions {
  credentials: MicrosoftCredentials;
  domain?: string | undefined;
  endpoints?: MicrosoftEndpoints | undefined;
  /** Graph $batch requests sent at once (default 8). */
  batchConcurrency?: number | undefined;
}

const LOGIN_URL = 'https://login.microsoftonline.com';
const GRAPH_URL = 'https://graph.microsoft.com';
const BATCH_LIMIT = 20;
/** Exchange allows 4 concurrent requests per app and mailbox; each batch sends 2 per mailbox. */
const MAILBOX_SLOTS = 2;

interface Context {
  input: MicrosoftSyncInput;
  secrets: string[];
  transport: HttpsTransport;
  graph: Client;
  graphUrl: string;
  limiter: KeyedLimiter;
}

interface DirectoryUser {
  id: string;
  email: string;
  name?: string | undefined;
  enabled: boolean;
}

interface BatchEntry {
  id: string;
  memberIndex: number;
  kind: 'mailbox' | 'calendar';
  url: string;
}

interface BatchResult {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * Reads a Microsoft 365 tenant into provider facts: app token roles, the directory, then mailbox
 * and calendar probes sent 20 at a time through Graph $batch. Never throws for provider failures.
 * @example const sync = await syncMicrosoft365({ credentials, members });
 */
export async function syncMicrosoft365(input: MicrosoftSyncInput): Promise<ProviderSync> {
  const transport = createHttpsTransport({
    ca: input.endpoints?.ca,
    timeoutMs: input.timeoutMs ?? 30_000,
  });
  const graphUrl = (input.endpoints?.graphUrl ?? GRAPH_URL).replace(/\/$/, '');
  const context: Context = {
    input,
    secrets: secretsOf(input),
    transport,
    graphUrl,
    graph: Client.initWithMiddleware({
      middleware: new GraphTransport(transport),
      baseUrl: graphUrl,
      defaultVersion: 'v1.0',
    }),
    limiter: new KeyedLimiter(MAILBOX_SLOTS),
  };
  try {
    return input.credentials.kind === 'delegated'
      ? await userByUser(context, input.credentials)
      : await companyWide(context, input.credentials);
  } finally {
    transport.close();
  }
}

function msalApp(
  context: Context,
  credentials: MicrosoftCredentials,
): ConfidentialClientApplication {
  const auth =
    credentials.kind === 'client_certificate'
      ? {
          clientCertificate: {
            thumbprintSha256: credentials.thumbprintSha256,
            privateKey: credentials.privateKey,
          },
        }
      : { clientSecret: credentials.clientSecret };
  return new ConfidentialClientApplication({
    auth: {
      clientId: credentials.clientId,
      authority: `${LOGIN_URL}/${credentials.tenantId}`,
      ...auth,
    },
    system: { networkClient: msalNetwork(context), disableInternalRetries: true },
  });
}

async function companyWide(
  context: Context,
  credentials: Exclude<MicrosoftCredentials, { kind: 'delegated' }>,
): Promise<ProviderSync> {
  const { input } = context;
  const app = msalApp(context, credentials);
  const token = await attempt(context, 'token', async () => {
    const result = await app.acquireTokenByClientCredential({ scopes: [`${GRAPH_URL}/.default`] });
    if (result === null || result.accessToken === '')
      throw new Error('the token endpoint gave no access token');
    return result.accessToken;
  });
  const company = (grantedScopes: string[], companyError: ProviderError | null) =>
    companyFacts({
      provider: 'microsoft_365',
      connectionMode: 'company_wide',
      tenantId: credentials.tenantId,
      domain: input.domain,
      grantedScopes,
      companyError,
    });
  if (!token.ok) {
    const members = (input.members ?? []).filter(
      (member) => input.skipMemberIds?.has(member.id) !== true,
    );
    const facts = await report(
      context,
      members.map((member) => memberFailed(member, true, null, token.error)),
    );
    return { company: company([], token.error), members: facts };
  }
  const accessToken = token.value;
  const roles = stringList(decodeJwtPart(accessToken.split('.')[1]).roles).sort();
  const directory = await readDirectory(context, accessToken);
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

  const ready: Array<{ member: ProviderMember; target: string }> = [];
  const settled: ProviderMemberFacts[] = [];
  for (const member of members) {
    if (input.skipMemberIds?.has(member.id) === true) continue;
    const entry = byEmail.get(member.email.toLowerCase());
    const named = { ...member, name: member.name ?? entry?.name };
    // Someone the directory does not list is probed anyway: the provider's own answer says why.
    const inScope = scope === null || entry === undefined || scope.has(entry.id);
    if (unreachable && companyError !== null)
      settled.push(memberFailed(named, inScope, null, companyError));
    else if (!inScope) settled.push(memberNotProbed(named, false, null));
    else if (entry?.enabled === false) {
      settled.push(
        memberFailed(
          named,
          true,
          null,
          providerError(
            {
              code: 'user_suspended',
              message: 'the directory lists this account as disabled',
              source: 'directory.users',
            },
            [],
          ),
        ),
      );
    } else ready.push({ member: named, target: entry?.id ?? member.email });
  }
  const reported = await report(context, settled);
  const probed = await probeInBatches(context, ready, () => accessToken, '/users/{target}', null);
  const facts = [...reported, ...probed];
  companyError ??= companyWideFailure(facts);
  return { company: company(roles, companyError), members: order(members, facts) };
}

async function userByUser(
  context: Context,
  credentials: Extract<MicrosoftCredentials, { kind: 'delegated' }>,
): Promise<ProviderSync> {
  const { input } = context;
  const app = msalApp(context, credentials);
  const granted = new Set<string>();
  const members = (input.members ?? []).filter(
    (member) => input.skipMemberIds?.has(member.id) !== true,
  );
  const facts = await mapWithConcurrency(
    members,
    input.concurrency ?? 32,
    async (member): Promise<ProviderMemberFacts | null> => {
      if (input.signal?.aborted === true) return null;
      if (
        member.refreshToken === null ||
        member.refreshToken === undefined ||
        member.refreshToken === ''
      ) {
        return (await report(context, [memberNotProbed(member, true, 'not_connected')]))[0] ?? null;
      }
      const refreshToken = member.refreshToken;
      const token = await attempt(context, 'token', async () => {
        const result = await app.acquireTokenByRefreshToken({
          refreshToken,
          scopes: [`${GRAPH_URL}/Mail.Read`, `${GRAPH_URL}/Calendars.Read`],
        });
        if (result === null || result.accessToken === '')
          throw new Error('the token endpoint gave no access token');
        return result.accessToken;
      });
      if (!token.ok) {
        const connection: MemberConnection =
          token.error.code === 'token_revoked' ? 'revoked' : 'connected';
        return (
          (await report(context, [memberFailed(member, true, connection, token.error)]))[0] ?? null
        );
      }
      const scopes = stringList(
        String(decodeJwtPart(token.value.split('.')[1]).scp ?? '').split(' '),
      );
      for (const scope of scopes) granted.add(scope);
      const complete = scopes.includes('Mail.Read') && scopes.includes('Calendars.Read');
      const [result] = await probeInBatches(
        context,
        [{ member, target: 'me' }],
        () => token.value,
        '/me',
        complete ? 'connected' : 'insufficient_permissions',
      );
      return result ?? null;
    },
  );
  const kept = facts.filter((item): item is ProviderMemberFacts => item !== null);
  return {
    company: companyFacts({
      provider: 'microsoft_365',
      connectionMode: 'user_by_user',
      tenantId: credentials.tenantId,
      domain: input.domain,
      grantedScopes: [...granted].filter(Boolean).sort(),
      companyError: companyWideFailure(kept),
    }),
    members: kept,
  };
}

async function readDirectory(
  context: Context,
  accessToken: string,
): Promise<Outcome<{ users: DirectoryUser[]; scope: Set<string> | null }>> {
  const users: DirectoryUser[] = [];
  const pages = await readPages(
    context,
    accessToken,
    '/users?$top=999&$select=id,userPrincipalName,mail,displayName,accountEnabled',
    'directory.users',
    (item) => {
      const record = item as {
        id?: unknown;
        userPrincipalName?: unknown;
        mail?: unknown;
        displayName?: unknown;
        accountEnabled?: unknown;
      };
      const email = typeof record.mail === 'string' ? record.mail : record.userPrincipalName;
      if (typeof record.id !== 'string' || typeof email !== 'string') return;
      users.push({
        id: record.id,
        email,
        name: typeof record.displayName === 'string' ? record.displayName : undefined,
        enabled: record.accountEnabled !== false,
      });
    },
  );
  if (!pages.ok) return pages;
  const groups = context.input.scopeGroups ?? [];
  if (groups.length === 0) return { ok: true, value: { users, scope: null } };
  const scope = new Set<string>();
  for (const group of groups) {
    const read = await readPages(
      context,
      accessToken,
      `/groups/${encodeURIComponent(group)}/members?$top=999&$select=id`,
      'directory.groupMembers',
      (item) => {
        const id = (item as { id?: unknown }).id;
        if (typeof id === 'string') scope.add(id);
      },
    );
    if (!read.ok) return read;
  }
  return { ok: true, value: { users, scope } };
}

/** Follows @odata.nextLink as given until the last page. */
async function readPages(
  context: Context,
  accessToken: string,
  first: string,
  source: string,
  onItem: (item: unknown) => void,
): Promise<Outcome<true>> {
  let next: string | undefined = first;
  while (next !== undefined) {
    const url: string = next;
    const page = await attempt(context, source, async () => {
      const body: unknown = await context.graph
        .api(url)
        .header('Authorization', `Bearer ${accessToken}`)
        .get();
      if (
        body === null ||
        typeof body !== 'object' ||
        !Array.isArray((body as { value?: unknown }).value)
      )
        throw new MalformedAnswer(source);
      return body as { value: unknown[]; '@odata.nextLink'?: unknown };
    });
    if (!page.ok) return page;
    for (const item of page.value.value) onItem(item);
    const link = page.value['@odata.nextLink'];
    next = typeof link === 'string' ? link : undefined;
  }
  return { ok: true, value: true };
}

/** Sends the mailbox and calendar probes of `members` through $batch, 10 members (20 requests) per batch. */
async function probeInBatches(
  context: Context,
  members: Array<{ member: ProviderMember; target: string }>,
  token: () => string,
  base: string,
  connection: MemberConnection | null,
): Promise<ProviderMemberFacts[]> {
  const { input } = context;
  const perBatch = BATCH_LIMIT / 2;
  const groups: Array<typeof members> = [];
  for (let start = 0; start < members.length; start += perBatch)
    groups.push(members.slice(start, start + perBatch));
  const results = await mapWithConcurrency(groups, input.batchConcurrency ?? 8, async (group) => {
    if (input.signal?.aborted === true) return [];
    const entries: BatchEntry[] = group.flatMap(({ target }, memberIndex) => {
      const path = base.replace('{target}', encodeURIComponent(target));
      return [
        {
          id: `${memberIndex}m`,
          memberIndex,
          kind: 'mailbox' as const,
          url: `${path}/mailFolders/inbox?$select=id`,
        },
        {
          id: `${memberIndex}c`,
          memberIndex,
          kind: 'calendar' as const,
          url: `${path}/events?$top=1&$select=id`,
        },
      ];
    });
    const answers = await context.limiter.runAll(
      group.map(({ member }) => member.id),
      () => sendBatch(context, entries, token),
    );
    const facts = group.map(({ member }, memberIndex) => {
      const mailbox = answers.get(`${memberIndex}m`);
      const calendarRead = answers.get(`${memberIndex}c`);
      const error =
        (mailbox?.ok === false ? mailbox.error : null) ??
        (calendarRead?.ok === false ? calendarRead.error : null);
      if (mailbox !== undefined)
        input.onRead?.(readOf(member.id, 'mailbox', 'graph.mailFolders.inbox', mailbox, () => 0));
      if (calendarRead !== undefined)
        input.onRead?.(readOf(member.id, 'calendar', 'graph.events', calendarRead, itemsIn));
      const state = (answer: Outcome<unknown> | undefined) =>
        answer === undefined
          ? 'unknown'
          : answer.ok
            ? 'ok'
            : accessOfCode(answer.error.code as ErrorCode);
      const result: ProviderMemberFacts = {
        id: member.id,
        email: member.email,
        ...(member.name === undefined ? {} : { name: member.name }),
        inScope: true,
        connection,
        access: { mailbox: state(mailbox), calendar: state(calendarRead) },
        lastError: error,
      };
      return result;
    });
    return report(context, facts);
  });
  return results.flat();
}

/**
 * Sends entries through $batch until each has a final answer: throttled entries wait for their
 * Retry-After and go again; a batch that fails as a whole is split per member.
 */
async function sendBatch(
  context: Context,
  entries: BatchEntry[],
  token: () => string,
): Promise<Map<string, Outcome<unknown>>> {
  const { input } = context;
  const answers = new Map<string, Outcome<unknown>>();
  let pending = entries;
  for (let round = 0; pending.length > 0; round++) {
    const sent = await attempt(context, 'graph.batch', async () => {
      const body: unknown = await context.graph
        .api('/$batch')
        .header('Authorization', `Bearer ${token()}`)
        .post({ requests: pending.map(({ id, url }) => ({ id, method: 'GET', url })) });
      const responses = (body as { responses?: unknown } | null)?.responses;
      if (!Array.isArray(responses)) throw new MalformedAnswer('graph.batch');
      return responses as Array<{ id?: unknown } & BatchResult>;
    });
    if (!sent.ok) {
      const members = new Set(pending.map((entry) => entry.memberIndex));
      if (members.size > 1 && CONNECTIVITY_CODES.has(sent.error.code as ErrorCode)) {
        // One member's failure must not stain the others: ask again member by member.
        const split = await Promise.all(
          [...members].map((memberIndex) =>
            sendBatch(
              context,
              pending.filter((entry) => entry.memberIndex === memberIndex),
              token,
            ),
          ),
        );
        for (const own of split) for (const [id, answer] of own) answers.set(id, answer);
      } else {
        for (const entry of pending) answers.set(entry.id, sent);
      }
      return answers;
    }
    const byId = new Map(sent.value.map((response) => [String(response.id), response]));
    const retry: BatchEntry[] = [];
    let wait = 0;
    for (const entry of pending) {
      const response = byId.get(entry.id);
      const source = entry.kind === 'mailbox' ? 'graph.mailFolders' : 'graph.events';
      if (response === undefined) {
        answers.set(entry.id, {
          ok: false,
          error: providerError(
            {
              code: 'malformed_response',
              message: 'the batch answer has no response for this request',
              source,
            },
            [],
          ),
        });
        continue;
      }
      if (response.status >= 200 && response.status < 300) {
        answers.set(entry.id, { ok: true, value: response.body });
        continue;
      }
      const failure = graphFailure(response.status, response.body, source);
      const retryable = failure.code === 'rate_limited' || failure.code === 'service_unavailable';
      if (retryable && round < (input.maxRetries ?? 3)) {
        retry.push(entry);
        wait = Math.max(
          wait,
          retryDelayMs(
            headerOf(response.headers, 'retry-after'),
            round,
            input.maxRetryWaitMs ?? 60_000,
          ),
        );
      } else {
        answers.set(entry.id, { ok: false, error: providerError(failure, context.secrets) });
      }
    }
    pending = retry;
    if (pending.length > 0) await (input.wait ?? sleep)(wait, input.signal);
  }
  return answers;
}

async function report(
  context: Context,
  facts: ProviderMemberFacts[],
): Promise<ProviderMemberFacts[]> {
  for (const item of facts) {
    if (item.lastError !== null) {
      context.input.log?.({
        level: 'warn',
        event: 'probe_failed',
        memberId: item.id,
        detail: `${item.lastError.code}: ${item.lastError.message}`,
      });
    }
    await context.input.onMember?.(item);
  }
  return facts;
}

function order(members: ProviderMember[], facts: ProviderMemberFacts[]): ProviderMemberFacts[] {
  const byId = new Map(facts.map((item) => [item.id, item]));
  return members
    .map((member) => byId.get(member.id))
    .filter((item): item is ProviderMemberFacts => item !== undefined);
}

function companyWideFailure(facts: ProviderMemberFacts[]): ProviderError | null {
  const errors = facts
    .map((member) => member.lastError)
    .filter((error): error is ProviderError => error !== null);
  const authorization = errors.find((error) => AUTHORIZATION_CODES.has(error.code as ErrorCode));
  if (authorization !== undefined) return authorization;
  const probed = facts.filter(
    (member) => member.lastError !== null || member.access.mailbox !== 'unknown',
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

const AADSTS_CODES: Record<string, ErrorCode> = {
  '7000215': 'invalid_client_secret',
  '700027': 'invalid_client_secret',
  '7000222': 'client_secret_expired',
  '700016': 'app_not_found',
  '90002': 'tenant_not_found',
  '65001': 'consent_missing',
  '70008': 'token_revoked',
  '700082': 'token_revoked',
  '50173': 'token_revoked',
  '9002313': 'token_revoked',
  '53003': 'admin_policy_enforced',
};

/**
 * Turns a raw MSAL or Graph client error into a normalized failure (the raw code kept).
 * @example classifyMicrosoftError(serverError, 'token').code // 'client_secret_expired'
 */
export function classifyMicrosoftError(error: unknown, source: string): RawFailure {
  if (error instanceof MalformedAnswer)
    return { code: 'malformed_response', message: error.message, source };
  if (error instanceof GraphError) {
    const network = networkErrorCode(error);
    if (network !== null) return { code: network, message: errorText(error), source };
    if (error.statusCode === -1 || error.statusCode === 0 || error.code === 'SyntaxError') {
      return {
        code: 'malformed_response',
        providerCode: error.code ?? undefined,
        message: error.message,
        source,
      };
    }
    return graphFailure(
      error.statusCode,
      { error: { code: error.code, message: error.message } },
      source,
    );
  }
  const record = (error ?? {}) as {
    errorCode?: unknown;
    errorNo?: unknown;
    errorMessage?: unknown;
    status?: unknown;
  };
  if (typeof record.errorCode === 'string' && record.errorCode !== '') {
    const network = networkErrorCode(error);
    const message =
      typeof record.errorMessage === 'string' && record.errorMessage !== ''
        ? record.errorMessage
        : errorText(error);
    const status = typeof record.status === 'number' ? record.status : undefined;
    if (network !== null) return { code: network, providerCode: record.errorCode, message, source };
    if (record.errorCode === 'malformed_response')
      return { code: 'malformed_response', message, source };
    const number =
      typeof record.errorNo === 'string' || typeof record.errorNo === 'number'
        ? String(record.errorNo)
        : /AADSTS(\d+)/.exec(message)?.[1];
    const providerCode = number === undefined ? record.errorCode : `AADSTS${number}`;
    const mapped = number === undefined ? undefined : AADSTS_CODES[number];
    if (mapped !== undefined) return { code: mapped, providerCode, message, status, source };
    if (status === 429) return { code: 'rate_limited', providerCode, message, status, source };
    if (status !== undefined && status >= 500)
      return { code: 'service_unavailable', providerCode, message, status, source };
    if (record.errorCode === 'invalid_client')
      return { code: 'invalid_client_secret', providerCode, message, status, source };
    if (record.errorCode === 'unauthorized_client')
      return { code: 'app_not_found', providerCode, message, status, source };
    if (/json|parse|unexpected token/i.test(message))
      return { code: 'malformed_response', providerCode, message, status, source };
    return { code: 'unexpected', providerCode, message, status, source };
  }
  const network = networkErrorCode(error);
  if (network !== null) return { code: network, message: errorText(error), source };
  if (error instanceof SyntaxError)
    return { code: 'malformed_response', message: error.message, source };
  return { code: 'unexpected', message: errorText(error), source };
}

/** The normalized failure of one Graph answer (top level or a $batch entry). */
function graphFailure(status: number, body: unknown, source: string): RawFailure {
  const inner = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const providerCode = typeof inner?.code === 'string' ? inner.code : undefined;
  const message =
    typeof inner?.message === 'string'
      ? inner.message
      : typeof body === 'string'
        ? body
        : JSON.stringify(body ?? null);
  const failure = (code: ErrorCode): RawFailure => ({
    code,
    providerCode,
    message,
    status,
    source,
  });
  if (status === 429) return failure('rate_limited');
  if (status >= 500) return failure('service_unavailable');
  if (
    providerCode === 'MailboxNotEnabledForRESTAPI' ||
    providerCode === 'MailboxNotSupportedForRESTAPI'
  )
    return failure('mailbox_not_enabled');
  if (
    providerCode === 'ErrorInvalidUser' ||
    providerCode === 'Request_ResourceNotFound' ||
    providerCode === 'ResourceNotFound'
  )
    return failure('user_not_found');
  if (status === 403 && /\[RAOP\]|AccessPolicy/i.test(message))
    return failure('access_policy_blocked');
  if (status === 403 || status === 401) return failure('access_denied');
  if (status === 404) return failure('user_not_found');
  return failure('unexpected');
}

/** The Graph client's last middleware: sends over our transport (trusting the configured CA). */
class GraphTransport implements Middleware {
  constructor(private readonly transport: HttpsTransport) {}

  async execute(context: GraphContext): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const headers: Record<string, string> = {};
    const given = context.options?.headers;
    if (given instanceof Headers)
      given.forEach((value, name) => {
        headers[name] = value;
      });
    else if (Array.isArray(given)) {
      for (const pair of given)
        if (pair[0] !== undefined && pair[1] !== undefined) headers[pair[0]] = pair[1];
    } else if (given !== undefined) Object.assign(headers, given);
    const body = context.options?.body;
    const answer = await this.transport
      .send(url, {
        method: context.options?.method ?? 'GET',
        headers,
        body: typeof body === 'string' ? body : undefined,
      })
      .catch((error: unknown) => {
        // The Graph client keeps only an error's name (as its code): carry the transport code there.
        if (error instanceof Error) {
          const code = (error as { code?: unknown }).code;
          if (typeof code === 'string') error.name = code;
        }
        throw error;
      });
    const empty = answer.status === 204 || answer.status === 304;
    context.response = new Response(empty ? null : answer.text, {
      status: answer.status,
      headers: answer.headers,
    });
  }
}

/** MSAL's network client: token and metadata requests go to the configured login URL over our transport. */
function msalNetwork(context: Context): INetworkModule {
  const loginUrl = context.input.endpoints?.loginUrl?.replace(/\/$/, '');
  const send = async <T>(
    method: string,
    url: string,
    headers: Record<string, string> | undefined,
    body?: string,
  ): Promise<NetworkResponse<T>> => {
    const target =
      loginUrl !== undefined && url.startsWith(LOGIN_URL)
        ? loginUrl + url.slice(LOGIN_URL.length)
        : url;
    // MSAL replaces any error it does not know by a bare network_error; an AuthError passes through.
    const answer = await context.transport
      .send(target, { method, headers: headers ?? {}, body })
      .catch((error: unknown) => {
        const code = (error as { code?: unknown } | null)?.code;
        throw Object.assign(
          new AuthError(typeof code === 'string' ? code : 'network_error', errorText(error)),
          { code, cause: error },
        );
      });
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.text);
    } catch {
      throw new AuthError(
        'malformed_response',
        `the token endpoint answered ${answer.status} with a body that is not JSON`,
      );
    }
    return { status: answer.status, headers: answer.headers, body: parsed as T };
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options?.headers),
    sendPostRequestAsync: (url, options) => send('POST', url, options?.headers, options?.body),
  };
}

function headerOf(headers: Record<string, string> | undefined, name: string): string | null {
  if (headers === undefined) return null;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return null;
}

function itemsIn(body: unknown): number {
  const value = (body as { value?: unknown } | null)?.value;
  return Array.isArray(value) ? value.length : 0;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string' && item !== '')
    : [];
}

function secretsOf(input: MicrosoftSyncInput): string[] {
  const secrets: string[] = [];
  const credentials = input.credentials;
  if (credentials.kind === 'client_certificate') secrets.push(credentials.privateKey);
  else secrets.push(credentials.clientSecret);
  for (const member of input.members ?? [])
    if (typeof member.refreshToken === 'string') secrets.push(member.refreshToken);
  return secrets;
}

const microsoftFailures: ProviderFailures = {
  classify: (error, source) => classifyMicrosoftError(error, source),
  retryAfter: (error) => {
    const headers = (error as { headers?: unknown } | null)?.headers;
    return headers instanceof Headers ? headers.get('retry-after') : null;
  },
};

/** Runs one call with the shared retry loop. */
function attempt<T>(context: Context, source: string, call: () => Promise<T>): Promise<Outcome<T>> {
  return attemptCall(context.input, context.secrets, microsoftFailures, source, call);
}
