import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { GOOGLE_SCOPES } from '../../google-workspace/google-scopes.js';
import { decodeJwtPart } from '../../jwt-payload/jwt-payload.js';
import {
  type FakeCalendarHooks,
  type FakeOccurrence,
  fakeCalendar,
  fakePage,
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
  FakeGoogleSettingsInput,
  FakeTenant,
  FakeTenantInput,
  FakeUser,
} from '../fake-tenant/fake-tenant.js';
import { parseFakeTenant } from '../fake-tenant/fake-tenant.js';

/** A running fake of Google's token endpoint, Admin SDK directory, Gmail and Calendar APIs. */
export interface GoogleFake extends RunningFakeServer {
  /** Pass as `rootUrl` to the generated API clients. */
  rootUrl: string;
  /** Where token requests must be sent instead of https://oauth2.googleapis.com/token. */
  tokenUrl: string;
  tenant: FakeTenant;
  /** Mailbox and calendar reads answered (any answer) since start: what the audit must match. */
  readonly servedReads: { mailbox: number; calendar: number };
}

interface GoogleToken {
  sub: string;
  scopes: string[];
}

const SERVICE_NAMES = {
  gmail: 'gmail.googleapis.com',
  calendar: 'calendar-json.googleapis.com',
  admin: 'admin.googleapis.com',
};

/**
 * Starts a loopback fake of Google Workspace serving the tenant described as data (plain HTTP).
 * @example const fake = await startGoogleFake({ domain: 'acme.test', users: [], google: { ... } });
 */
export async function startGoogleFake(
  input: FakeTenantInput,
  hooks: FakeCalendarHooks = {},
): Promise<GoogleFake> {
  const tenant = parseFakeTenant(input);
  const google = tenant.google;
  if (google === undefined)
    throw new Error('invalid fake tenant at "google": required for the Google fake');
  const byEmail = new Map(tenant.users.map((user) => [user.email.toLowerCase(), user]));
  const faults = new FaultBook();
  const serviceAccountKey = createPublicKey(google.serviceAccount.publicKeyPem);

  const faultAnswer = (fault: FakeFault | undefined): FakeAnswer | undefined => {
    if (fault === undefined) return undefined;
    switch (fault.kind) {
      case 'rate_limited':
        return googleError(429, 'rateLimitExceeded', 'Rate Limit Exceeded', 'RESOURCE_EXHAUSTED', {
          'retry-after': String(fault.retryAfterSeconds),
        });
      case 'server_error':
        return googleError(
          503,
          'backendError',
          'The service is currently unavailable.',
          'UNAVAILABLE',
        );
      case 'timeout':
        return { hold: true };
      case 'malformed':
        return { status: 200, body: MALFORMED_BODY, raw: true };
      case 'connection_reset':
        return { reset: true };
    }
  };
  const strike = (
    user: FakeUser | undefined,
    target: 'token' | 'mailbox' | 'calendar' | 'directory',
  ) =>
    faultAnswer(faults.take('tenant', tenant.faults, target)) ??
    (user === undefined ? undefined : faultAnswer(faults.take(user.id, user.faults, target)));

  const tokenError = (
    status: number,
    error: string,
    description: string,
    body: string,
  ): FakeAnswer => ({
    status,
    body: {
      error,
      error_description: tenant.echoCredentialsInErrors
        ? `${description} (request was: ${body})`
        : description,
    },
  });

  const token = (request: FakeRequest): FakeAnswer => {
    // OAuth token requests are forms (RFC 6749, 4.4.2): a client that does not say so is refused.
    if (!(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
      return tokenError(400, 'invalid_request', 'Bad Request', request.body);
    const form = new URLSearchParams(request.body);
    if (form.get('grant_type') === 'refresh_token') return refreshGrant(form, request.body);
    const [headerPart, payloadPart, signature] = (form.get('assertion') ?? '').split('.');
    const claims = decodeJwtPart(payloadPart);
    const sub = typeof claims.sub === 'string' ? claims.sub : '';
    const user = byEmail.get(sub.toLowerCase());
    const fault = strike(user, 'token');
    if (fault !== undefined) return fault;
    const signed = `${headerPart ?? ''}.${payloadPart ?? ''}`;
    const validSignature =
      claims.iss === google.serviceAccount.clientEmail &&
      signature !== undefined &&
      verify(
        'RSA-SHA256',
        Buffer.from(signed),
        serviceAccountKey,
        Buffer.from(signature, 'base64url'),
      );
    if (!validSignature)
      return tokenError(400, 'invalid_grant', 'Invalid JWT Signature.', request.body);
    const scopes = String(claims.scope ?? '')
      .split(' ')
      .filter(Boolean);
    if (!scopes.every((scope) => google.delegatedScopes.includes(scope))) {
      return tokenError(
        401,
        'unauthorized_client',
        'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
        request.body,
      );
    }
    if (user === undefined || user.suspended) {
      return tokenError(400, 'invalid_grant', 'Invalid email or User ID', request.body);
    }
    return accessToken({ sub: user.email, scopes });
  };

  const refreshGrant = (form: URLSearchParams, body: string): FakeAnswer => {
    const client = google.oauthClient;
    if (
      client === undefined ||
      form.get('client_id') !== client.clientId ||
      form.get('client_secret') !== client.clientSecret
    ) {
      return tokenError(401, 'invalid_client', 'Unauthorized', body);
    }
    const value = form.get('refresh_token');
    const user = tenant.users.find((candidate) => candidate.refreshToken?.value === value);
    const fault = strike(user, 'token');
    if (fault !== undefined) return fault;
    if (user?.refreshToken === undefined)
      return tokenError(400, 'invalid_grant', 'Bad Request', body);
    if (user.refreshToken.revoked || user.refreshToken.expired || user.suspended) {
      return tokenError(400, 'invalid_grant', 'Token has been expired or revoked.', body);
    }
    const scopes = user.refreshToken.scopes ?? [GOOGLE_SCOPES.gmail, GOOGLE_SCOPES.calendar];
    return accessToken({ sub: user.email, scopes });
  };

  // Access tokens handed out, by value, each made once per member and scopes: a call is
  // authorised by a look-up, as Google looks up its own tokens, instead of decoding the token.
  const issued = new Map<string, GoogleToken>();
  const tokenAnswers = new Map<string, string>();

  const bearer = (request: FakeRequest): GoogleToken | undefined => {
    const value = (request.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    return issued.get(value) ?? claimsOf(value);
  };

  const route = (request: FakeRequest): FakeAnswer => {
    const path = request.path;
    if (request.method === 'POST' && path === '/token') return token(request);
    const caller = bearer(request);
    if (caller === undefined) {
      return googleError(
        401,
        'authError',
        'Request had invalid authentication credentials.',
        'UNAUTHENTICATED',
      );
    }
    const callerUser = byEmail.get(caller.sub.toLowerCase());
    const mailboxOwner = segmentBetween(path, '/gmail/v1/users/', '/profile');
    if (mailboxOwner !== undefined) return probe(request, caller, mailboxOwner, 'mailbox');
    const calendarId = segmentBetween(path, '/calendar/v3/calendars/', '/events');
    if (calendarId !== undefined) return probe(request, caller, calendarId, 'calendar');
    if (path === '/admin/directory/v1/users') return listUsers(request, caller, callerUser);
    const groupKey = segmentBetween(path, '/admin/directory/v1/groups/', '/members');
    if (groupKey !== undefined) return listMembers(request, caller, callerUser, groupKey);
    return googleError(404, 'notFound', 'Not Found', 'NOT_FOUND');
  };

  const directoryAllowed = (
    caller: GoogleToken,
    callerUser: FakeUser | undefined,
    scope: string,
  ): FakeAnswer | undefined => {
    if (google.disabledApis.includes('admin')) return serviceDisabled('admin');
    if (!caller.scopes.includes(scope)) return insufficientScopes();
    if (callerUser?.admin !== true)
      return googleError(
        403,
        'forbidden',
        'Not Authorized to access this resource/api',
        'PERMISSION_DENIED',
      );
    return strike(undefined, 'directory');
  };

  const listUsers = (
    request: FakeRequest,
    caller: GoogleToken,
    callerUser: FakeUser | undefined,
  ): FakeAnswer => {
    const refused = directoryAllowed(caller, callerUser, GOOGLE_SCOPES.directory);
    if (refused !== undefined) return refused;
    const { start, end } = page(request, 500, tenant.users.length);
    const users = tenant.users.slice(start, end).map((user) => ({
      kind: 'admin#directory#user',
      id: user.id,
      primaryEmail: user.email,
      name: { fullName: user.name ?? user.email },
      suspended: user.suspended,
      isAdmin: user.admin,
      isMailboxSetup: user.mailbox,
      customerId: google.customerId,
    }));
    return {
      status: 200,
      body: {
        kind: 'admin#directory#users',
        users,
        ...(end < tenant.users.length ? { nextPageToken: String(end) } : {}),
      },
    };
  };

  const listMembers = (
    request: FakeRequest,
    caller: GoogleToken,
    callerUser: FakeUser | undefined,
    groupKey: string,
  ): FakeAnswer => {
    const refused = directoryAllowed(caller, callerUser, GOOGLE_SCOPES.groups);
    if (refused !== undefined) return refused;
    const group = tenant.groups.find(
      (candidate) => candidate.id === groupKey || candidate.email === groupKey,
    );
    if (group === undefined)
      return googleError(404, 'notFound', 'Resource Not Found: groupKey', 'NOT_FOUND');
    const members = tenant.users.filter((user) => user.groups.includes(group.id));
    const { start, end } = page(request, 200, members.length);
    return {
      status: 200,
      body: {
        kind: 'admin#directory#members',
        members: members.slice(start, end).map((user) => ({
          kind: 'admin#directory#member',
          id: user.id,
          email: user.email,
          type: 'USER',
          status: 'ACTIVE',
        })),
        ...(end < members.length ? { nextPageToken: String(end) } : {}),
      },
    };
  };

  const servedReads = { mailbox: 0, calendar: 0 };
  // The answer texts that depend on the member alone, made at their first read.
  const profiles = new Map<FakeUser, string>();
  const oneEventPages = new Map<FakeUser, string>();
  const probe = (
    request: FakeRequest,
    caller: GoogleToken,
    owner: string,
    kind: 'mailbox' | 'calendar',
  ): FakeAnswer => {
    servedReads[kind]++;
    const api = kind === 'mailbox' ? 'gmail' : 'calendar';
    const scope = kind === 'mailbox' ? GOOGLE_SCOPES.gmail : GOOGLE_SCOPES.calendar;
    const target = owner === 'me' || owner === 'primary' ? caller.sub : owner;
    if (google.disabledApis.includes(api)) return serviceDisabled(api);
    if (target.toLowerCase() !== caller.sub.toLowerCase()) {
      return googleError(
        403,
        'forbidden',
        `Delegation denied for ${caller.sub}`,
        'PERMISSION_DENIED',
      );
    }
    if (!caller.scopes.includes(scope)) return insufficientScopes();
    const user = byEmail.get(target.toLowerCase());
    if (user === undefined) return googleError(404, 'notFound', 'Not Found', 'NOT_FOUND');
    const fault = strike(user, kind);
    if (fault !== undefined) return fault;
    if (kind === 'mailbox') {
      if (!user.mailbox)
        return googleError(
          400,
          'failedPrecondition',
          'Mail service not enabled',
          'FAILED_PRECONDITION',
        );
      return { status: 200, body: answerText(profiles, user, profileOf), raw: true };
    }
    if (!user.calendar) return googleError(404, 'notFound', 'Not Found', 'NOT_FOUND');
    const url = request.url;
    const timeMin = url.searchParams.get('timeMin');
    const timeMax = url.searchParams.get('timeMax');
    if (timeMin && timeMax) {
      const all = fakeCalendar(tenant, user.email, new Date(timeMin), new Date(timeMax));
      const size = Math.min(
        Number(url.searchParams.get('maxResults') ?? 250),
        tenant.eventPageSize,
      );
      const { items, next } = fakePage(all, url.searchParams.get('pageToken'), size);
      hooks.afterEventsPage?.(user.email);
      return {
        status: 200,
        body: {
          kind: 'calendar#events',
          summary: user.email,
          items: items.map((occurrence) => googleEventOf(occurrence, user.email, tenant.domain)),
          ...(next === null ? {} : { nextPageToken: next }),
        },
      };
    }
    return { status: 200, body: answerText(oneEventPages, user, oneEventPageOf), raw: true };
  };

  const accessToken = (claims: GoogleToken): FakeAnswer => {
    const scope = claims.scopes.join(' ');
    const key = `${claims.sub}\u0000${scope}`;
    let text = tokenAnswers.get(key);
    if (text === undefined) {
      const value = unsignedJwt({ ...claims });
      issued.set(value, claims);
      text = JSON.stringify({ access_token: value, expires_in: 3599, token_type: 'Bearer', scope });
      tokenAnswers.set(key, text);
    }
    return { status: 200, body: text, raw: true };
  };

  const server = await startFakeServer({ https: false, latencyMs: () => tenant.latencyMs, route });
  return {
    ...server,
    rootUrl: `${server.url}/`,
    tokenUrl: `${server.url}/token`,
    tenant,
    servedReads,
    get requestCount() {
      return server.requestCount;
    },
    resetCount: () => server.resetCount(),
    close: () => server.close(),
  };
}

/** The claims of an access token this fake did not hand out (made by a test), when it has them. */
function claimsOf(token: string): GoogleToken | undefined {
  const claims = decodeJwtPart(token.split('.')[1]);
  if (typeof claims.sub !== 'string' || !Array.isArray(claims.scopes)) return undefined;
  return {
    sub: claims.sub,
    scopes: claims.scopes.filter((scope): scope is string => typeof scope === 'string'),
  };
}

/** The one segment of `path` between `prefix` and `suffix`, percent-decoded, if it is that shape. */
function segmentBetween(path: string, prefix: string, suffix: string): string | undefined {
  if (path.length <= prefix.length + suffix.length) return undefined;
  if (!path.startsWith(prefix) || !path.endsWith(suffix)) return undefined;
  const segment = path.slice(prefix.length, path.length - suffix.length);
  return segment.includes('/') ? undefined : decodeURIComponent(segment);
}

function answerText(
  made: Map<FakeUser, string>,
  user: FakeUser,
  answer: (user: FakeUser) => unknown,
): string {
  let text = made.get(user);
  if (text === undefined) {
    text = JSON.stringify(answer(user));
    made.set(user, text);
  }
  return text;
}

function profileOf(user: FakeUser): unknown {
  return { emailAddress: user.email, messagesTotal: 42, threadsTotal: 17, historyId: '1234' };
}

function oneEventPageOf(user: FakeUser): unknown {
  return {
    kind: 'calendar#events',
    summary: user.email,
    items: [{ kind: 'calendar#event', id: 'evt1', status: 'confirmed' }],
  };
}

/** An occurrence as Calendar's events.list gives it with singleEvents. */
function googleEventOf(occurrence: FakeOccurrence, owner: string, domain: string): unknown {
  const { event, start, end, index } = occurrence;
  const recurring = event.recurrence !== undefined;
  const stamp = start.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  const self = (email: string) => email.toLowerCase() === owner.toLowerCase();
  const meet = `https://meet.google.com/${event.id.slice(0, 3)}-${event.id.slice(3, 7)}-${index}`;
  const entryPoints = [
    ...(event.conferencing === 'native' ? [{ entryPointType: 'video', uri: meet }] : []),
    ...(event.conferencing !== 'native' && event.conferencing !== 'none' && event.joinUrl
      ? [{ entryPointType: 'video', uri: event.joinUrl }]
      : []),
    ...(event.dialIn === undefined
      ? []
      : [{ entryPointType: 'phone', uri: `tel:${event.dialIn}` }]),
  ];
  return {
    kind: 'calendar#event',
    id: recurring ? `${event.id}_${stamp}` : event.id,
    iCalUID: `${event.id}@${domain}`,
    status: event.cancelled ? 'cancelled' : 'confirmed',
    visibility: event.visibility === 'private' ? 'private' : 'default',
    summary: event.title,
    start: { dateTime: start.toISOString() },
    end: { dateTime: end.toISOString() },
    ...(recurring ? { originalStartTime: { dateTime: start.toISOString() } } : {}),
    created: event.createdAt ?? '2026-01-05T09:00:00.000Z',
    organizer: { email: event.organizer, ...(self(event.organizer) ? { self: true } : {}) },
    attendees: [
      { email: event.organizer, responseStatus: 'accepted', organizer: true },
      ...event.attendees.map((attendee) => ({
        email: attendee.email,
        responseStatus: attendee.response === 'needs_action' ? 'needsAction' : attendee.response,
      })),
    ].map((attendee) => (self(attendee.email) ? { ...attendee, self: true } : attendee)),
    ...(event.conferencing === 'native' ? { hangoutLink: meet } : {}),
    ...(entryPoints.length === 0
      ? {}
      : {
          conferenceData: {
            entryPoints,
            conferenceSolution: {
              key: { type: event.conferencing === 'native' ? 'hangoutsMeet' : 'addOn' },
            },
          },
        }),
    ...(event.location === undefined ? {} : { location: event.location }),
    ...(event.body === undefined ? {} : { description: event.body }),
  };
}

function page(
  request: FakeRequest,
  maxPage: number,
  total: number,
): { start: number; end: number } {
  const size = Math.min(
    Number(request.url.searchParams.get('maxResults') ?? maxPage) || maxPage,
    maxPage,
  );
  const start = Math.min(Number(request.url.searchParams.get('pageToken') ?? 0) || 0, total);
  return { start, end: Math.min(start + size, total) };
}

function googleError(
  status: number,
  reason: string,
  message: string,
  statusText: string,
  headers?: Record<string, string>,
): FakeAnswer {
  return {
    status,
    headers: headers ?? {},
    body: {
      error: {
        code: status,
        message,
        errors: [{ message, domain: 'global', reason }],
        status: statusText,
      },
    },
  };
}

function serviceDisabled(api: 'gmail' | 'calendar' | 'admin'): FakeAnswer {
  const service = SERVICE_NAMES[api];
  const message = `${service} has not been used in project 123456789 before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/${service}/overview?project=123456789 then retry.`;
  return {
    status: 403,
    body: {
      error: {
        code: 403,
        message,
        errors: [
          {
            message,
            domain: 'usageLimits',
            reason: 'accessNotConfigured',
            extendedHelp: 'https://console.developers.google.com',
          },
        ],
        status: 'PERMISSION_DENIED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'SERVICE_DISABLED',
            domain: 'googleapis.com',
            metadata: { service },
          },
        ],
      },
    },
  };
}

function insufficientScopes(): FakeAnswer {
  return googleError(
    403,
    'insufficientPermissions',
    'Request had insufficient authentication scopes.',
    'PERMISSION_DENIED',
  );
}

/** A service account of the fake: its key pair, as a Google admin would download it. */
export interface FakeServiceAccount {
  clientEmail: string;
  clientId: string;
  privateKey: string;
  publicKeyPem: string;
}

/**
 * Makes a fresh service account key pair for a fake Google tenant.
 * @example const account = fakeServiceAccount('acme.test');
 */
export function fakeServiceAccount(domain: string): FakeServiceAccount {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const project = domain.replace(/[^a-z0-9]/gi, '-');
  return {
    clientEmail: `capture-doctor@${project}.iam.gserviceaccount.com`,
    clientId: '104729000000000000001',
    privateKey,
    publicKeyPem: publicKey,
  };
}

/**
 * The Google settings of a fake tenant whose admin delegated every scope the adapter asks for to
 * `account` (domain-wide delegation), as a company-wide connection needs.
 * @example await startGoogleFake({ domain, users, google: delegatedGoogle(fakeServiceAccount(domain)) });
 */
export function delegatedGoogle(account: FakeServiceAccount): FakeGoogleSettingsInput {
  const { clientEmail, clientId, publicKeyPem } = account;
  return {
    serviceAccount: { clientEmail, clientId, publicKeyPem },
    delegatedScopes: Object.values(GOOGLE_SCOPES),
  };
}
