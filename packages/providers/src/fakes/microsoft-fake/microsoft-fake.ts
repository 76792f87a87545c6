import { constants, verify, X509Certificate } from 'node:crypto';
import { decodeJwtPart } from '../../jwt-payload/jwt-payload.js';
import { MICROSOFT_DELEGATED_SCOPES } from '../../microsoft-365/microsoft-scopes.js';
import {
  type FakeCalendarHooks,
  type FakeOccurrence,
  fakeCalendar,
  fakePage,
  ownerAnswer,
} from '../fake-calendar/fake-calendar.js';
import {
  type FakeAnswer,
  type FakeRequest,
  FaultBook,
  MALFORMED_BODY,
  type RunningFakeServer,
  startFakeServer,
  unsignedJwt,
} from '../fake-server/fake-server.js';
import type {
  FakeFault,
  FakeTenant,
  FakeTenantInput,
  FakeUser,
} from '../fake-tenant/fake-tenant.js';
import { parseFakeTenant } from '../fake-tenant/fake-tenant.js';

/** A running fake of the Microsoft identity platform token endpoint and Microsoft Graph (HTTPS). */
export interface MicrosoftFake extends RunningFakeServer {
  /** Replaces https://login.microsoftonline.com */
  loginUrl: string;
  /** Replaces https://graph.microsoft.com */
  graphUrl: string;
  /** PEM certificate of the fake's TLS server, for the client to trust. */
  ca: string;
  tenant: FakeTenant;
  /**
   * Mailbox and calendar reads answered (any answer) since start, each calendarView page counted;
   * `batched` counts those that came as $batch entries, `nextPages` the calendarView pages after
   * the first (asked with a $skiptoken).
   */
  readonly servedReads: MicrosoftServedReads;
}

/** What a Microsoft fake counts of the reads it answered. */
export interface MicrosoftServedReads {
  mailbox: number;
  calendar: number;
  batched: { mailbox: number; calendar: number };
  nextPages: number;
}

interface Caller {
  appOnly: boolean;
  roles: string[];
  scopes: string[];
  userId?: string | undefined;
}

interface SubAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const MAILBOX_CONCURRENCY = 4;

/**
 * Starts a loopback HTTPS fake of Microsoft 365 (token endpoint and Graph) serving the tenant described as data.
 * @example const fake = await startMicrosoftFake({ domain: 'acme.test', users: [], microsoft: { ... } });
 */
export async function startMicrosoftFake(
  input: FakeTenantInput,
  hooks: FakeCalendarHooks = {},
): Promise<MicrosoftFake> {
  const tenant = parseFakeTenant(input);
  const microsoft = tenant.microsoft;
  if (microsoft === undefined)
    throw new Error('invalid fake tenant at "microsoft": required for the Microsoft fake');
  const byKey = new Map<string, FakeUser>();
  for (const user of tenant.users) {
    byKey.set(user.id.toLowerCase(), user);
    byKey.set(user.email.toLowerCase(), user);
  }
  const faults = new FaultBook();
  const inFlight = new Map<string, number>();
  let baseUrl = '';
  const servedReads: MicrosoftServedReads = {
    mailbox: 0,
    calendar: 0,
    batched: { mailbox: 0, calendar: 0 },
    nextPages: 0,
  };

  const faultAnswer = (fault: FakeFault | undefined): SubAnswer | FakeAnswer | undefined => {
    if (fault === undefined) return undefined;
    switch (fault.kind) {
      case 'rate_limited':
        return graphError(
          429,
          'TooManyRequests',
          'Too many requests. Please retry after the time given in Retry-After.',
          {
            'Retry-After': String(fault.retryAfterSeconds),
          },
        );
      case 'server_error':
        return graphError(503, 'ServiceUnavailable', 'The service is temporarily unavailable.', {
          'Retry-After': '0',
        });
      case 'timeout':
        return { hold: true };
      case 'malformed':
        return { status: 200, body: MALFORMED_BODY, raw: true };
      case 'connection_reset':
        return { reset: true };
    }
  };

  const aadError = (
    status: number,
    error: string,
    code: number,
    text: string,
    sent: string,
  ): FakeAnswer => {
    const echo = tenant.echoCredentialsInErrors ? ` (request was: ${sent})` : '';
    return {
      status,
      body: {
        error,
        error_description: `AADSTS${code}: ${text}${echo} Trace ID: 0000-fake Correlation ID: 1111-fake Timestamp: 2026-01-01 00:00:00Z`,
        error_codes: [code],
        timestamp: '2026-01-01 00:00:00Z',
        trace_id: '0000-fake',
        correlation_id: '1111-fake',
      },
    };
  };

  const token = (request: FakeRequest, tenantKey: string): FakeAnswer => {
    const form = new URLSearchParams(request.body);
    const tenantFault = faultAnswer(faults.take('tenant', tenant.faults, 'token'));
    if (tenantFault !== undefined) return toHttp(tenantFault);
    if (tenantKey !== microsoft.tenantId && tenantKey !== tenant.domain) {
      return aadError(
        400,
        'invalid_request',
        90002,
        `Tenant '${tenantKey}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
        request.body,
      );
    }
    const clientId = form.get('client_id') ?? '';
    if (clientId !== microsoft.app.clientId) {
      return aadError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenant.domain}'.`,
        request.body,
      );
    }
    const refused = clientAuthentication(form, request.body);
    if (refused !== undefined) return refused;
    if (form.get('grant_type') === 'refresh_token') return refreshGrant(form, request.body);
    if (!microsoft.app.consented) {
      return aadError(
        400,
        'invalid_grant',
        65001,
        `The user or administrator has not consented to use the application with ID '${clientId}'. Send an interactive authorization request for this user and resource.`,
        request.body,
      );
    }
    const accessToken = unsignedJwt({
      aud: 'https://graph.microsoft.com',
      tid: microsoft.tenantId,
      appid: clientId,
      roles: microsoft.app.roles,
      idtyp: 'app',
    });
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: accessToken,
      },
    };
  };

  const clientAuthentication = (form: URLSearchParams, sent: string): FakeAnswer | undefined => {
    const secret = form.get('client_secret');
    const assertion = form.get('client_assertion');
    const app = microsoft.app;
    if (secret !== null) {
      if (app.secret === undefined || secret !== app.secret) {
        return aadError(
          401,
          'invalid_client',
          7000215,
          `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
          sent,
        );
      }
      if (app.secretExpired)
        return aadError(
          401,
          'invalid_client',
          7000222,
          `The provided client secret keys for app '${app.clientId}' are expired.`,
          sent,
        );
      return undefined;
    }
    if (
      assertion !== null &&
      app.certificatePem !== undefined &&
      validAssertion(assertion, app.certificatePem)
    )
      return undefined;
    return aadError(
      401,
      'invalid_client',
      700027,
      'Client assertion failed signature validation.',
      sent,
    );
  };

  const refreshGrant = (form: URLSearchParams, sent: string): FakeAnswer => {
    const value = form.get('refresh_token');
    const user = tenant.users.find((candidate) => candidate.refreshToken?.value === value);
    const fault =
      user === undefined ? undefined : faultAnswer(faults.take(user.id, user.faults, 'token'));
    if (fault !== undefined) return toHttp(fault);
    if (user?.refreshToken === undefined)
      return aadError(
        400,
        'invalid_grant',
        9002313,
        'Invalid request. Request is malformed or invalid.',
        sent,
      );
    if (user.refreshToken.revoked) {
      return aadError(
        400,
        'invalid_grant',
        50173,
        'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.',
        sent,
      );
    }
    if (user.refreshToken.expired) {
      return aadError(
        400,
        'invalid_grant',
        700082,
        'The refresh token has expired due to inactivity. The token was issued on 2025-01-01 and was inactive for 90.00:00:00.',
        sent,
      );
    }
    const scopes = user.refreshToken.scopes ?? MICROSOFT_DELEGATED_SCOPES;
    const claims = {
      aud: 'https://graph.microsoft.com',
      tid: microsoft.tenantId,
      oid: user.id,
      upn: user.email,
      scp: scopes.join(' '),
    };
    const idToken = unsignedJwt({
      aud: microsoft.app.clientId,
      iss: `https://login.microsoftonline.com/${microsoft.tenantId}/v2.0`,
      tid: microsoft.tenantId,
      oid: user.id,
      sub: user.id,
      preferred_username: user.email,
      name: user.name ?? user.email,
      exp: 4102444800,
      iat: 1700000000,
      nbf: 1700000000,
      ver: '2.0',
    });
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        scope: scopes.map((scope) => `https://graph.microsoft.com/${scope}`).join(' '),
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: unsignedJwt(claims),
        refresh_token: user.refreshToken.value,
        id_token: idToken,
        client_info: Buffer.from(
          JSON.stringify({ uid: user.id, utid: microsoft.tenantId }),
        ).toString('base64url'),
      },
    };
  };

  const callerOf = (request: FakeRequest): Caller | undefined => {
    const claims = decodeJwtPart(
      (request.headers.authorization ?? '').replace(/^Bearer\s+/i, '').split('.')[1],
    );
    if (claims.tid !== microsoft.tenantId) return undefined;
    const roles = Array.isArray(claims.roles)
      ? claims.roles.filter((role): role is string => typeof role === 'string')
      : [];
    const scopes = typeof claims.scp === 'string' ? claims.scp.split(' ') : [];
    return {
      appOnly: typeof claims.scp !== 'string',
      roles,
      scopes,
      userId: typeof claims.oid === 'string' ? claims.oid : undefined,
    };
  };

  /** One Graph call, as answered at the top level or inside $batch (`batched`). */
  const graphCall = (
    method: string,
    target: URL,
    caller: Caller,
    batched: boolean,
  ): SubAnswer | FakeAnswer => {
    const path = target.pathname.replace(/^\/v1\.0/, '');
    if (method === 'GET' && path === '/users') return listUsers(target, caller);
    const groupMatch = /^\/groups\/([^/]+)\/members$/.exec(path);
    if (method === 'GET' && groupMatch !== null)
      return listGroupMembers(target, caller, decodeURIComponent(groupMatch[1] ?? ''));
    const probeMatch = /^\/(?:users\/([^/]+)|me)\/(mailFolders\/inbox|events|calendarView)$/.exec(
      path,
    );
    if (method === 'GET' && probeMatch !== null) {
      const kind = probeMatch[2] === 'mailFolders/inbox' ? 'mailbox' : 'calendar';
      servedReads[kind]++;
      if (batched) servedReads.batched[kind]++;
      if (target.searchParams.has('$skiptoken')) servedReads.nextPages++;
      return probe(
        caller,
        probeMatch[1] === undefined ? undefined : decodeURIComponent(probeMatch[1]),
        kind,
        probeMatch[2] === 'calendarView' ? target : undefined,
      );
    }
    return graphError(400, 'BadRequest', `Resource not found for the segment '${path}'.`);
  };

  const probe = (
    caller: Caller,
    key: string | undefined,
    kind: 'mailbox' | 'calendar',
    view?: URL,
  ): SubAnswer | FakeAnswer => {
    const user =
      key === undefined
        ? caller.userId === undefined
          ? undefined
          : byKey.get(caller.userId.toLowerCase())
        : byKey.get(key.toLowerCase());
    if (user === undefined)
      return graphError(404, 'ErrorInvalidUser', `The requested user '${key ?? 'me'}' is invalid.`);
    const permission = kind === 'mailbox' ? 'Mail.Read' : 'Calendars.Read';
    if (caller.appOnly) {
      if (!caller.roles.includes(permission))
        return graphError(
          403,
          'ErrorAccessDenied',
          'Access is denied. Check credentials and try again.',
        );
      if (
        microsoft.accessPolicy !== null &&
        !microsoft.accessPolicy.allowedUserIds.includes(user.id)
      ) {
        return graphError(
          403,
          'ErrorAccessDenied',
          'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.',
        );
      }
    } else if (caller.userId !== user.id || !caller.scopes.includes(permission)) {
      return graphError(
        403,
        'ErrorAccessDenied',
        'Access is denied. Check credentials and try again.',
      );
    }
    if ((inFlight.get(user.id) ?? 0) > MAILBOX_CONCURRENCY) {
      return graphError(
        429,
        'ApplicationThrottled',
        'Application is over its MailboxConcurrency limit.',
        { 'Retry-After': '1' },
      );
    }
    const fault = faultAnswer(faults.take(user.id, user.faults, kind));
    if (fault !== undefined) return fault;
    if (!user.mailbox)
      return graphError(
        404,
        'MailboxNotEnabledForRESTAPI',
        'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
      );
    if (kind === 'mailbox') return ok({ id: `inbox-${user.id}`, displayName: 'Inbox' });
    if (!user.calendar)
      return graphError(
        404,
        'ErrorItemNotFound',
        'The specified object was not found in the store.',
      );
    if (view !== undefined) return calendarView(view, user);
    return ok({ value: [{ id: `event-${user.id}` }] });
  };

  const calendarView = (view: URL, user: FakeUser): SubAnswer => {
    const from = view.searchParams.get('startDateTime');
    const to = view.searchParams.get('endDateTime');
    if (from === null || to === null)
      return graphError(
        400,
        'ErrorInvalidParameter',
        'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
      );
    const all = fakeCalendar(tenant, user.email, new Date(from), new Date(to));
    const size = Math.min(Number(view.searchParams.get('$top') ?? 10) || 10, tenant.eventPageSize);
    const { items, next } = fakePage(all, view.searchParams.get('$skiptoken'), size);
    hooks.afterEventsPage?.(user.email);
    const body: Record<string, unknown> = {
      value: items.map((occurrence) => graphEventOf(occurrence, user.email, tenant.domain)),
    };
    if (next !== null) {
      const link = new URL(`${baseUrl}/v1.0${view.pathname.replace(/^\/v1\.0/, '')}`);
      for (const name of ['startDateTime', 'endDateTime', '$top', '$select']) {
        const value = view.searchParams.get(name);
        if (value !== null) link.searchParams.set(name, value);
      }
      link.searchParams.set('$skiptoken', next);
      body['@odata.nextLink'] = link.toString();
    }
    return ok(body);
  };

  const listUsers = (target: URL, caller: Caller): SubAnswer | FakeAnswer => {
    if (
      caller.appOnly &&
      !caller.roles.some((role) => ['User.Read.All', 'Directory.Read.All'].includes(role))
    ) {
      return graphError(
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
      );
    }
    const fault = faultAnswer(faults.take('tenant', tenant.faults, 'directory'));
    if (fault !== undefined) return fault;
    return paged(target, tenant.users, (user) => ({
      id: user.id,
      userPrincipalName: user.email,
      mail: user.email,
      displayName: user.name ?? user.email,
      accountEnabled: !user.suspended,
    }));
  };

  const listGroupMembers = (
    target: URL,
    caller: Caller,
    groupId: string,
  ): SubAnswer | FakeAnswer => {
    if (
      caller.appOnly &&
      !caller.roles.some((role) =>
        ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All'].includes(role),
      )
    ) {
      return graphError(
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
      );
    }
    if (!tenant.groups.some((group) => group.id === groupId))
      return graphError(
        404,
        'Request_ResourceNotFound',
        `Resource '${groupId}' does not exist or one of its queried reference-property objects are not present.`,
      );
    const members = tenant.users.filter((user) => user.groups.includes(groupId));
    return paged(target, members, (user) => ({
      '@odata.type': '#microsoft.graph.user',
      id: user.id,
      userPrincipalName: user.email,
    }));
  };

  const paged = (target: URL, items: FakeUser[], view: (user: FakeUser) => unknown): SubAnswer => {
    const top = Math.min(Number(target.searchParams.get('$top') ?? 100) || 100, 999);
    const skip = Number(target.searchParams.get('$skiptoken') ?? 0) || 0;
    const end = Math.min(skip + top, items.length);
    const body: Record<string, unknown> = { value: items.slice(skip, end).map(view) };
    if (end < items.length) {
      const next = new URL(`${baseUrl}${target.pathname}`);
      next.searchParams.set('$top', String(top));
      const select = target.searchParams.get('$select');
      if (select !== null) next.searchParams.set('$select', select);
      next.searchParams.set('$skiptoken', String(end));
      body['@odata.nextLink'] = next.toString();
    }
    return ok(body);
  };

  const batch = async (request: FakeRequest, caller: Caller): Promise<FakeAnswer> => {
    let entries: Array<{ id: string; method: string; url: string }>;
    try {
      const parsed = JSON.parse(request.body) as {
        requests?: Array<{ id: string; method: string; url: string }>;
      };
      entries = parsed.requests ?? [];
    } catch {
      return asHttp(graphError(400, 'BadRequest', 'Unable to read JSON request payload.'));
    }
    if (entries.length > 20)
      return asHttp(
        graphError(
          400,
          'BadRequest',
          'The number of requests in the batch exceeds the limit of 20.',
        ),
      );
    const mailboxes = entries.map((entry) => mailboxKey(entry.url, caller));
    const answers = await holdingMailboxes(mailboxes, () =>
      entries.map((entry) =>
        graphCall(
          entry.method,
          new URL(entry.url.replace(/^\/?/, '/v1.0/'), 'https://graph.invalid'),
          caller,
          true,
        ),
      ),
    );
    const whole = answers.find((answer) => !isSub(answer));
    if (whole !== undefined) return whole as FakeAnswer;
    const responses = entries
      .map((entry, index) => ({ id: entry.id, ...(answers[index] as SubAnswer) }))
      .reverse();
    return { status: 200, body: { responses } };
  };

  const mailboxKey = (url: string, caller: Caller): string | undefined => {
    const match =
      /^\/?(?:v1\.0\/)?(?:users\/([^/?]+)|me)\/(?:mailFolders|events|calendarView)/.exec(url);
    if (match === null) return undefined;
    const key = match[1] === undefined ? caller.userId : decodeURIComponent(match[1]);
    return key === undefined ? undefined : byKey.get(key.toLowerCase())?.id;
  };

  /** Counts the mailboxes as busy for the request's latency, as Exchange counts concurrent requests. */
  const holdingMailboxes = async <T>(
    mailboxes: Array<string | undefined>,
    answer: () => T,
  ): Promise<T> => {
    for (const id of mailboxes) if (id !== undefined) inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
    try {
      if (tenant.latencyMs > 0)
        await new Promise((resolve) => setTimeout(resolve, tenant.latencyMs));
      return answer();
    } finally {
      for (const id of mailboxes) {
        if (id === undefined) continue;
        const left = (inFlight.get(id) ?? 1) - 1;
        if (left === 0) inFlight.delete(id);
        else inFlight.set(id, left);
      }
    }
  };

  const route = async (request: FakeRequest): Promise<FakeAnswer> => {
    const path = request.url.pathname;
    const tokenMatch = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
    if (tokenMatch !== null && request.method === 'POST') {
      return holdingMailboxes([], () => token(request, decodeURIComponent(tokenMatch[1] ?? '')));
    }
    if (path.endsWith('/.well-known/openid-configuration') || path.endsWith('/discovery/instance'))
      return { status: 200, body: discovery(baseUrl, microsoft.tenantId) };
    const caller = callerOf(request);
    if (caller === undefined)
      return asHttp(
        graphError(
          401,
          'InvalidAuthenticationToken',
          'Access token validation failure. Invalid audience.',
        ),
      );
    if (request.method === 'POST' && path === '/v1.0/$batch') return batch(request, caller);
    const answer = await holdingMailboxes([mailboxKey(path.replace(/^\/v1\.0/, ''), caller)], () =>
      graphCall(request.method, request.url, caller, false),
    );
    return toHttp(answer);
  };

  const server = await startFakeServer({ https: true, latencyMs: () => 0, route });
  baseUrl = server.url;
  return {
    url: server.url,
    ca: server.ca ?? '',
    loginUrl: server.url,
    graphUrl: server.url,
    tenant,
    servedReads,
    get requestCount() {
      return server.requestCount;
    },
    resetCount: () => server.resetCount(),
    close: () => server.close(),
  };
}

const GRAPH_RESPONSES: Readonly<Record<string, string>> = {
  organizer: 'organizer',
  accepted: 'accepted',
  declined: 'declined',
  tentative: 'tentativelyAccepted',
  needs_action: 'notResponded',
};

/** An occurrence as Graph's calendarView gives it, times in UTC (as with Prefer: outlook.timezone). */
function graphEventOf(occurrence: FakeOccurrence, owner: string, domain: string): unknown {
  const { event, start, end, index } = occurrence;
  const time = (date: Date) => ({
    dateTime: `${date.toISOString().slice(0, 19)}.0000000`,
    timeZone: 'UTC',
  });
  const teams = `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${event.id}${index}%40thread.v2/0`;
  const native = event.conferencing === 'native';
  const address = (email: string) => ({ emailAddress: { address: email, name: email } });
  const body = [event.body, event.conferencing !== 'native' ? event.joinUrl : undefined]
    .filter((part) => part !== undefined)
    .join(' ');
  return {
    id: `AAMk${event.id}${index}`,
    // Graph gives each occurrence of a recurring meeting its own iCalUId.
    iCalUId: `040000008200E00074C5B7101A82E008${Buffer.from(`${event.id}:${index}@${domain}`).toString('hex')}`,
    subject: event.title,
    start: time(start),
    end: time(end),
    isCancelled: event.cancelled,
    sensitivity: event.visibility === 'private' ? 'private' : 'normal',
    organizer: address(event.organizer),
    attendees: event.attendees.map((attendee) => ({
      type: 'required',
      status: {
        response: GRAPH_RESPONSES[attendee.response] ?? 'none',
        time: '0001-01-01T00:00:00Z',
      },
      ...address(attendee.email),
    })),
    responseStatus: { response: GRAPH_RESPONSES[ownerAnswer(event, owner)] ?? 'none' },
    isOnlineMeeting: native,
    onlineMeetingProvider: native ? 'teamsForBusiness' : 'unknown',
    onlineMeeting: native
      ? {
          joinUrl: teams,
          ...(event.dialIn === undefined
            ? {}
            : { phones: [{ number: event.dialIn, type: 'toll' }] }),
        }
      : null,
    location: {
      displayName: [event.location, !native && event.dialIn ? event.dialIn : undefined]
        .filter(Boolean)
        .join(' '),
    },
    bodyPreview: body,
    createdDateTime: event.createdAt ?? '2026-01-05T09:00:00Z',
  };
}

function ok(body: unknown): SubAnswer {
  return { status: 200, headers: { 'Content-Type': 'application/json' }, body };
}

function graphError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): SubAnswer {
  return {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: {
      error: {
        code,
        message,
        innerError: { 'request-id': '2222-fake', date: '2026-01-01T00:00:00' },
      },
    },
  };
}

function isSub(answer: SubAnswer | FakeAnswer): answer is SubAnswer {
  return 'status' in answer && 'headers' in answer && !('raw' in answer);
}

function toHttp(answer: SubAnswer | FakeAnswer): FakeAnswer {
  return isSub(answer) ? asHttp(answer) : answer;
}

function asHttp(answer: SubAnswer): FakeAnswer {
  return { status: answer.status, headers: answer.headers, body: answer.body };
}

function validAssertion(assertion: string, certificatePem: string): boolean {
  const [header, payload, signature] = assertion.split('.');
  if (header === undefined || payload === undefined || signature === undefined) return false;
  const alg = decodeJwtPart(header).alg;
  const key = new X509Certificate(certificatePem).publicKey;
  const data = Buffer.from(`${header}.${payload}`);
  const sig = Buffer.from(signature, 'base64url');
  if (alg === 'PS256') {
    return verify(
      'sha256',
      data,
      { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO },
      sig,
    );
  }
  return verify('RSA-SHA256', data, key, sig);
}

function discovery(baseUrl: string, tenantId: string): Record<string, unknown> {
  return {
    token_endpoint: `${baseUrl}/${tenantId}/oauth2/v2.0/token`,
    authorization_endpoint: `${baseUrl}/${tenantId}/oauth2/v2.0/authorize`,
    issuer: `https://login.microsoftonline.com/${tenantId}/v2.0`,
    end_session_endpoint: `${baseUrl}/${tenantId}/oauth2/v2.0/logout`,
    tenant_discovery_endpoint: `${baseUrl}/${tenantId}/v2.0/.well-known/openid-configuration`,
    metadata: [
      {
        preferred_network: 'login.microsoftonline.com',
        preferred_cache: 'login.windows.net',
        aliases: ['login.microsoftonline.com', 'login.windows.net'],
      },
    ],
  };
}
