// @internal: part of the Microsoft 365 module: its reads (app token, directory, $batch probes).
import type { CalendarEvent, MemberConnection, ProviderError } from '@capture-doctor/domain';
import { Client } from '@microsoft/microsoft-graph-client';
import { attemptCall, MalformedAnswer, type Outcome } from '../attempt-call/attempt-call.js';
import { KeyedLimiter, mapWithConcurrency } from '../bounded-concurrency/bounded-concurrency.js';
import { uniqueEvents } from '../calendar-events/calendar-events.js';
import { createHttpsTransport, type HttpsTransport } from '../https-transport/https-transport.js';
import { decodeJwtPart } from '../jwt-payload/jwt-payload.js';
import {
  companyWideFailure,
  companyWideRun,
  type Directory,
  type DirectoryUser,
  endRead,
  notConnected,
  probedFacts,
  refreshTokenOf,
  report,
  reportAll,
  secretsOf,
  startRead,
  tokenFailed,
  unread,
} from '../probe-pipeline/probe-pipeline.js';
import { providerError } from '../provider-error/provider-error.js';
import {
  CONNECTIVITY_CODES,
  companyFacts,
  memberFailed,
  type ProviderMember,
  type ProviderMemberFacts,
  type ProviderSync,
  retryDelayMs,
  sleep,
} from '../provider-facts/provider-facts.js';
import { graphFailure, microsoftFailures } from './microsoft-errors.js';
import { calendarViewPath, GRAPH_EVENT_HEADERS, microsoftEvent } from './microsoft-events.js';
import type { MicrosoftCredentials, MicrosoftSyncInput } from './microsoft-input.js';
import { MICROSOFT_READ_SCOPES } from './microsoft-scopes.js';
import { GRAPH_URL, GraphTransport, headerOf, msalApp } from './microsoft-transport.js';

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

interface BatchEntry {
  id: string;
  memberIndex: number;
  kind: 'mailbox' | 'calendar';
  url: string;
  headers?: Readonly<Record<string, string>> | undefined;
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
  const { credentials } = input;
  const context: Context = {
    input,
    secrets: secretsOf(
      credentials.kind === 'client_certificate' ? credentials.privateKey : credentials.clientSecret,
      input.members,
    ),
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
    return credentials.kind === 'delegated'
      ? await userByUser(context, credentials)
      : await companyWide(context, credentials);
  } finally {
    transport.close();
  }
}

async function companyWide(
  context: Context,
  credentials: Exclude<MicrosoftCredentials, { kind: 'delegated' }>,
): Promise<ProviderSync> {
  const { input } = context;
  const app = msalApp(credentials, context.transport, input.endpoints?.loginUrl);
  const token = await attempt(context, 'token', async () => {
    const result = await app.acquireTokenByClientCredential({ scopes: [`${GRAPH_URL}/.default`] });
    return accessTokenOf(result);
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
    const failed = unread(input, input.members ?? []).map((member) =>
      memberFailed(member, true, null, token.error),
    );
    return { company: company([], token.error), members: await reportAll(input, failed) };
  }
  const accessToken = token.value;
  const roles = stringList(decodeJwtPart(accessToken.split('.')[1]).roles).sort();
  const directory = await readDirectory(context, accessToken);
  const run = await companyWideRun(input, directory, (todo) =>
    probeInBatches(
      context,
      todo.map(({ member, entry }) => ({ member, target: entry?.id ?? member.email })),
      () => accessToken,
      '/users/{target}',
      null,
    ),
  );
  return { company: company(roles, run.companyError), members: run.members };
}

async function userByUser(
  context: Context,
  credentials: Extract<MicrosoftCredentials, { kind: 'delegated' }>,
): Promise<ProviderSync> {
  const { input } = context;
  const app = msalApp(credentials, context.transport, input.endpoints?.loginUrl);
  const granted = new Set<string>();
  const facts = await mapWithConcurrency(
    unread(input, input.members ?? []),
    input.concurrency ?? 32,
    async (member): Promise<ProviderMemberFacts | null> => {
      if (input.signal?.aborted === true) return null;
      const refreshToken = refreshTokenOf(member);
      if (refreshToken === null) return report(input, notConnected(member));
      const token = await attempt(context, 'token', async () => {
        const result = await app.acquireTokenByRefreshToken({
          refreshToken,
          scopes: [
            `${GRAPH_URL}/${MICROSOFT_READ_SCOPES.mailbox}`,
            `${GRAPH_URL}/${MICROSOFT_READ_SCOPES.calendar}`,
          ],
        });
        return accessTokenOf(result);
      });
      if (!token.ok) return report(input, tokenFailed(member, token.error));
      const scopes = stringList(
        String(decodeJwtPart(token.value.split('.')[1]).scp ?? '').split(' '),
      );
      for (const scope of scopes) granted.add(scope);
      const complete =
        scopes.includes(MICROSOFT_READ_SCOPES.mailbox) &&
        scopes.includes(MICROSOFT_READ_SCOPES.calendar);
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

async function readDirectory(context: Context, accessToken: string): Promise<Outcome<Directory>> {
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
        blocked:
          record.accountEnabled === false ? 'the directory lists this account as disabled' : null,
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

// sendBatch answers every entry; should one ever be missing, its started read still ends.
const NOT_ANSWERED = { ok: false, error: { code: 'malformed_response' } } as const;

/** Sends the mailbox and calendar probes of `members` through $batch, 10 members (20 requests) per batch. */
async function probeInBatches(
  context: Context,
  members: Array<{ member: ProviderMember; target: string }>,
  token: () => string,
  base: string,
  connection: MemberConnection | null,
): Promise<ProviderMemberFacts[]> {
  const { input } = context;
  const window = input.eventWindow;
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
        window === undefined
          ? {
              id: `${memberIndex}c`,
              memberIndex,
              kind: 'calendar' as const,
              url: `${path}/events?$top=1&$select=id`,
            }
          : {
              id: `${memberIndex}c`,
              memberIndex,
              kind: 'calendar' as const,
              url: calendarViewPath(path, window),
              headers: GRAPH_EVENT_HEADERS,
            },
      ];
    });
    const started = await Promise.all(
      group.map(async ({ member }) => {
        const [mailbox, calendar] = await Promise.all([
          startRead(input, member.id, 'mailbox', 'graph.mailFolders.inbox'),
          startRead(
            input,
            member.id,
            'calendar',
            window === undefined ? 'graph.events' : 'graph.calendarView',
          ),
        ]);
        return { mailbox, calendar };
      }),
    );
    const answers = await context.limiter.runAll(
      group.map(({ member }) => member.id),
      () => sendBatch(context, entries, token),
    );
    const calendars = await Promise.all(
      group.map(async (_entry, memberIndex) => {
        const first = answers.get(`${memberIndex}c`);
        return window === undefined || first === undefined || !first.ok
          ? first
          : restOfView(context, token, first.value);
      }),
    );
    const facts: ProviderMemberFacts[] = [];
    for (const [memberIndex, { member }] of group.entries()) {
      const mailbox = answers.get(`${memberIndex}m`);
      const calendarRead = calendars[memberIndex];
      const reads = started[memberIndex]!;
      await endRead(input, reads.mailbox, mailbox ?? NOT_ANSWERED, () => 0);
      await endRead(input, reads.calendar, calendarRead ?? NOT_ANSWERED, itemsIn);
      const events =
        window !== undefined && calendarRead?.ok === true
          ? eventsIn(calendarRead.value)
          : undefined;
      facts.push(probedFacts(member, true, connection, mailbox, calendarRead, events));
    }
    return reportAll(input, facts);
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
        .post({
          requests: pending.map(({ id, url, headers }) => ({
            id,
            method: 'GET',
            url,
            ...(headers === undefined ? {} : { headers }),
          })),
        });
      const responses = (body as { responses?: unknown } | null)?.responses;
      if (!Array.isArray(responses)) throw new MalformedAnswer('graph.batch');
      return responses as Array<{ id?: unknown } & BatchResult>;
    });
    if (!sent.ok) {
      const members = new Set(pending.map((entry) => entry.memberIndex));
      const wholeAnswerBroke =
        CONNECTIVITY_CODES.has(sent.error.code) || sent.error.code === 'malformed_response';
      if (members.size > 1 && wholeAnswerBroke) {
        // One member's failure (no answer, or one that is not JSON) must not stain the others:
        // ask again member by member.
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

/**
 * A calendarView answer with its further pages (followed as given, one after the other) joined
 * into one `value`; the first failure of a page ends the read.
 */
async function restOfView(
  context: Context,
  token: () => string,
  first: unknown,
): Promise<Outcome<{ value: unknown[] }>> {
  const value = [...valuesOf(first)];
  let next = nextLinkOf(first);
  while (next !== null) {
    const url = next;
    const page = await attempt(context, 'graph.calendarView', async () => {
      const body: unknown = await context.graph
        .api(url)
        .header('Authorization', `Bearer ${token()}`)
        .header('Prefer', GRAPH_EVENT_HEADERS.Prefer ?? '')
        .get();
      if (!Array.isArray((body as { value?: unknown } | null)?.value))
        throw new MalformedAnswer('graph.calendarView');
      return body;
    });
    if (!page.ok) return page;
    value.push(...valuesOf(page.value));
    next = nextLinkOf(page.value);
  }
  return { ok: true, value: { value } };
}

function valuesOf(body: unknown): unknown[] {
  const value = (body as { value?: unknown } | null)?.value;
  return Array.isArray(value) ? value : [];
}

function nextLinkOf(body: unknown): string | null {
  const link = (body as { '@odata.nextLink'?: unknown } | null)?.['@odata.nextLink'];
  return typeof link === 'string' ? link : null;
}

function eventsIn(body: unknown): CalendarEvent[] {
  return uniqueEvents(
    valuesOf(body).flatMap((item) => {
      const event = microsoftEvent(item);
      return event === null ? [] : [event];
    }),
  );
}

function accessTokenOf(result: { accessToken: string } | null): string {
  if (result === null || result.accessToken === '')
    throw new Error('the token endpoint gave no access token');
  return result.accessToken;
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

/** Runs one call with the shared retry loop. */
function attempt<T>(context: Context, source: string, call: () => Promise<T>): Promise<Outcome<T>> {
  return attemptCall(context.input, context.secrets, microsoftFailures, source, call);
}
