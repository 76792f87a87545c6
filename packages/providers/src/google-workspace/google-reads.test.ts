import type { ErrorCode } from '@capture-doctor/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeTenantInput, FakeUserInput } from '../fakes/fake-tenant/fake-tenant.js';
import {
  delegatedGoogle,
  type FakeServiceAccount,
  fakeServiceAccount,
  type GoogleFake,
  startGoogleFake,
} from '../fakes/google-fake/google-fake.js';
import type { ProviderMemberFacts, SyncLogEvent } from '../provider-facts/provider-facts.js';
import { defaultProbeThreads, type GoogleSyncInput, syncGoogleWorkspace } from './google-reads.js';
import { GOOGLE_SCOPES } from './google-scopes.js';

const account: FakeServiceAccount = fakeServiceAccount('acme.test');

type UserInput = Omit<FakeUserInput, 'email'> & { email?: string };
const user = (input: UserInput) => ({ email: `${input.id}@acme.test`, ...input });

function tenant(
  users: UserInput[],
  extra: Partial<FakeTenantInput> = {},
  google: Record<string, unknown> = {},
): FakeTenantInput {
  return {
    domain: 'acme.test',
    users: [user({ id: 'admin', admin: true }), ...users.map(user)],
    ...extra,
    google: {
      ...delegatedGoogle(account),
      oauthClient: { clientId: 'oauth-client', clientSecret: 'oauth-secret-value-1234' },
      ...google,
    },
  };
}

const fakes: GoogleFake[] = [];
async function fake(input: FakeTenantInput): Promise<GoogleFake> {
  const started = await startGoogleFake(input);
  fakes.push(started);
  return started;
}
afterAll(async () => {
  await Promise.all(fakes.map((f) => f.close()));
});

function companyWide(target: GoogleFake, extra: Partial<GoogleSyncInput> = {}): GoogleSyncInput {
  return {
    domain: 'acme.test',
    credentials: {
      kind: 'service_account',
      clientEmail: account.clientEmail,
      privateKey: account.privateKey,
      adminEmail: 'admin@acme.test',
    },
    endpoints: { rootUrl: target.rootUrl, tokenUrl: target.tokenUrl },
    timeoutMs: 1_500,
    maxRetryWaitMs: 50,
    ...extra,
  };
}

const member = (facts: ProviderMemberFacts[], id: string) => {
  const found = facts.filter((candidate) => candidate.id === id);
  expect(found).toHaveLength(1);
  return found[0] as ProviderMemberFacts;
};

describe('Google adapter, company-wide, through the real client libraries', () => {
  let sync: Awaited<ReturnType<typeof syncGoogleWorkspace>>;
  let logs: SyncLogEvent[];
  beforeAll(async () => {
    const target = await fake(
      tenant([
        { id: 'ok' },
        { id: 'nogmail', mailbox: false },
        { id: 'suspended', suspended: true },
        {
          id: 'throttled',
          faults: [{ kind: 'rate_limited', on: 'mailbox', retryAfterSeconds: 0 }],
        },
        {
          id: 'throttledonce',
          faults: [{ kind: 'rate_limited', on: 'calendar', times: 1, retryAfterSeconds: 0 }],
        },
        { id: 'down', faults: [{ kind: 'server_error', on: 'calendar' }] },
        { id: 'slow', faults: [{ kind: 'timeout', on: 'mailbox' }] },
        { id: 'garbled', faults: [{ kind: 'malformed', on: 'calendar' }] },
        { id: 'reset', faults: [{ kind: 'connection_reset', on: 'token' }] },
      ]),
    );
    logs = [];
    sync = await syncGoogleWorkspace({
      ...companyWide(target),
      members: [
        ...[
          'ok',
          'nogmail',
          'suspended',
          'throttled',
          'throttledonce',
          'down',
          'slow',
          'garbled',
          'reset',
          'ghost',
        ].map((id) => ({ id, email: `${id}@acme.test` })),
      ],
      log: (event) => logs.push(event),
    });
  });

  it('a member whose mailbox and calendar open is ok on both, with no error', () => {
    expect(member(sync.members, 'ok')).toMatchObject({
      inScope: true,
      connection: null,
      access: { mailbox: 'ok', calendar: 'ok' },
      lastError: null,
    });
  });

  it('a user without Gmail has the mailbox not found (mailbox_not_enabled) and the calendar ok', () => {
    const facts = member(sync.members, 'nogmail');
    expect(facts.access).toEqual({ mailbox: 'not_found', calendar: 'ok' });
    expect(facts.lastError).toMatchObject({
      code: 'mailbox_not_enabled',
      providerCode: 'failedPrecondition',
      status: 400,
      source: 'gmail.profile',
      message: 'Mail service not enabled',
    });
  });

  it('a suspended user is not found (user_suspended)', () => {
    expect(member(sync.members, 'suspended')).toMatchObject({
      access: { mailbox: 'not_found', calendar: 'not_found' },
      lastError: { code: 'user_suspended' },
    });
  });

  it('a member unknown to Google is not found (user_not_found) from the token exchange', () => {
    expect(member(sync.members, 'ghost')).toMatchObject({
      access: { mailbox: 'not_found', calendar: 'not_found' },
      lastError: {
        code: 'user_not_found',
        providerCode: 'invalid_grant',
        message: 'Invalid email or User ID',
        source: 'token',
      },
    });
  });

  it('rate limiting that outlasts the retries is an error (rate_limited); a single 429 is retried and ok', () => {
    expect(member(sync.members, 'throttled')).toMatchObject({
      access: { mailbox: 'error', calendar: 'ok' },
      lastError: { code: 'rate_limited', status: 429 },
    });
    expect(member(sync.members, 'throttledonce')).toMatchObject({
      access: { mailbox: 'ok', calendar: 'ok' },
      lastError: null,
    });
  });

  it('5xx, timeouts, malformed bodies and dropped connections are errors with their connectivity code', () => {
    const codes: Record<string, ErrorCode> = {
      down: 'service_unavailable',
      slow: 'timeout',
      garbled: 'malformed_response',
      reset: 'connection_reset',
    };
    for (const [id, code] of Object.entries(codes)) {
      const facts = member(sync.members, id);
      expect(facts.lastError?.code, id).toBe(code);
      expect([facts.access.mailbox, facts.access.calendar], id).toContain('error');
      expect([facts.access.mailbox, facts.access.calendar], id).not.toContain('unknown');
    }
    expect(member(sync.members, 'slow').access).toEqual({ mailbox: 'error', calendar: 'ok' });
    expect(member(sync.members, 'reset').access).toEqual({ mailbox: 'error', calendar: 'error' });
  });

  it('the company is healthy, with the scopes it obtained, and every failed member is logged once', () => {
    expect(sync.company).toMatchObject({
      provider: 'google_workspace',
      connectionMode: 'company_wide',
      health: 'ok',
      lastError: null,
    });
    expect(sync.company.grantedScopes).toEqual(
      [GOOGLE_SCOPES.calendar, GOOGLE_SCOPES.gmail, GOOGLE_SCOPES.directory].sort(),
    );
    const failed = sync.members
      .filter((facts) => facts.lastError !== null)
      .map((facts) => facts.id)
      .sort();
    expect(logs.map((event) => event.memberId).sort()).toEqual(failed);
  });
});

describe('Google adapter, authorization failures of the app', () => {
  const members = [
    { id: 'a', email: 'a@acme.test' },
    { id: 'b', email: 'b@acme.test' },
  ];

  it('delegation not authorised for the scopes turns every member to error (delegation_not_authorized)', async () => {
    const target = await fake(
      tenant([{ id: 'a' }, { id: 'b' }], {}, { delegatedScopes: [GOOGLE_SCOPES.directory] }),
    );
    const sync = await syncGoogleWorkspace({ ...companyWide(target), members });
    for (const facts of sync.members) {
      expect(facts).toMatchObject({
        access: { mailbox: 'error', calendar: 'error' },
        lastError: {
          code: 'delegation_not_authorized',
          providerCode: 'unauthorized_client',
          status: 401,
          source: 'token',
        },
      });
    }
    expect(sync.company).toMatchObject({
      health: 'ok',
      lastError: { code: 'delegation_not_authorized' },
    });
  });

  it('a disabled Gmail API makes the mailbox error (api_disabled, SERVICE_DISABLED) and leaves the calendar ok', async () => {
    const target = await fake(tenant([{ id: 'a' }], {}, { disabledApis: ['gmail'] }));
    const sync = await syncGoogleWorkspace({
      ...companyWide(target),
      members: [members[0] as { id: string; email: string }],
    });
    expect(member(sync.members, 'a')).toMatchObject({
      access: { mailbox: 'error', calendar: 'ok' },
      lastError: { code: 'api_disabled', providerCode: 'SERVICE_DISABLED', status: 403 },
    });
    expect(sync.company).toMatchObject({ health: 'ok', lastError: { code: 'api_disabled' } });
  });

  it('a service-account key the tenant does not know is a bad credential (invalid_client_secret)', async () => {
    const target = await fake(tenant([{ id: 'a' }]));
    const other = fakeServiceAccount('other.test');
    const input = companyWide(target);
    const sync = await syncGoogleWorkspace({
      ...input,
      credentials: {
        kind: 'service_account',
        clientEmail: account.clientEmail,
        privateKey: other.privateKey,
        adminEmail: 'admin@acme.test',
      },
      members: [members[0] as { id: string; email: string }],
    });
    expect(member(sync.members, 'a')).toMatchObject({
      access: { mailbox: 'error', calendar: 'error' },
      lastError: { code: 'invalid_client_secret', providerCode: 'invalid_grant' },
    });
    expect(JSON.stringify(sync)).not.toContain('PRIVATE KEY');
  });

  it('a directory subject who is not an admin is refused (access_denied) and members are still probed', async () => {
    const target = await fake(tenant([{ id: 'a' }, { id: 'clerk' }]));
    const sync = await syncGoogleWorkspace({
      ...companyWide(target),
      credentials: {
        kind: 'service_account',
        clientEmail: account.clientEmail,
        privateKey: account.privateKey,
        adminEmail: 'clerk@acme.test',
      },
      members: [members[0] as { id: string; email: string }],
    });
    expect(sync.company.lastError).toMatchObject({
      code: 'access_denied',
      message: 'Not Authorized to access this resource/api',
      status: 403,
      source: 'directory.users',
    });
    expect(member(sync.members, 'a').access).toEqual({ mailbox: 'ok', calendar: 'ok' });
  });

  it('reads the directory 500 users a page and limits the scope to the given groups', async () => {
    const users = Array.from({ length: 1_100 }, (_, index) => ({
      id: `d${index}`,
      groups: index % 50 === 0 ? ['sales'] : [],
    }));
    const target = await fake(
      tenant(users, { groups: [{ id: 'sales', email: 'sales@acme.test' }] }),
    );
    const sync = await syncGoogleWorkspace({
      ...companyWide(target),
      scopeGroups: ['sales@acme.test'],
      timeoutMs: 10_000,
    });
    expect(sync.members).toHaveLength(1_101);
    expect(member(sync.members, 'd0')).toMatchObject({
      inScope: true,
      access: { mailbox: 'ok', calendar: 'ok' },
    });
    expect(member(sync.members, 'd1')).toMatchObject({
      inScope: false,
      access: { mailbox: 'unknown', calendar: 'unknown' },
      lastError: null,
    });
    expect(sync.company.grantedScopes).toContain(GOOGLE_SCOPES.groups);
  });

  it('an unreachable provider makes every member error and the company a connectivity error, never ok', async () => {
    const target = await fake(tenant([{ id: 'a' }]));
    const input = companyWide(target);
    await target.close();
    const sync = await syncGoogleWorkspace({ ...input, members });
    expect(sync.company).toMatchObject({
      health: 'connectivity_error',
      lastError: { code: 'connection_refused' },
    });
    expect(
      sync.members.map((facts) => [
        facts.id,
        facts.access.mailbox,
        facts.access.calendar,
        facts.lastError?.code,
      ]),
    ).toEqual([
      ['a', 'error', 'error', 'connection_refused'],
      ['b', 'error', 'error', 'connection_refused'],
    ]);
  });

  it('a provider address on a port fetch will not use (6000) is tried over our transport: with nothing there it is unreachable, not an unexpected error', async () => {
    const target = await fake(tenant([{ id: 'a' }]));
    await target.close();
    const blocked = 'http://127.0.0.1:6000/';
    const sync = await syncGoogleWorkspace({
      ...companyWide(target),
      endpoints: { rootUrl: blocked, tokenUrl: `${blocked}token` },
      members,
    });
    expect(sync.company).toMatchObject({
      health: 'connectivity_error',
      lastError: { code: 'connection_refused', message: 'connect ECONNREFUSED 127.0.0.1:6000' },
    });
    expect(sync.members.map((facts) => facts.lastError?.code)).toEqual([
      'connection_refused',
      'connection_refused',
    ]);
  });
});

describe('Google adapter, user-by-user refresh tokens', () => {
  const refresh = (value: string, extra: Record<string, unknown> = {}) => ({ value, ...extra });
  let sync: Awaited<ReturnType<typeof syncGoogleWorkspace>>;
  let logs: SyncLogEvent[];
  const tokens = {
    ok: '1//ok-refresh-token-aaaa',
    revoked: '1//revoked-refresh-token-bbbb',
    narrow: '1//narrow-refresh-token-cccc',
  };
  beforeAll(async () => {
    const target = await fake(
      tenant(
        [
          { id: 'ok', refreshToken: refresh(tokens.ok) },
          { id: 'revoked', refreshToken: refresh(tokens.revoked, { revoked: true }) },
          {
            id: 'narrow',
            refreshToken: refresh(tokens.narrow, { scopes: [GOOGLE_SCOPES.calendar] }),
          },
          { id: 'never' },
        ],
        { echoCredentialsInErrors: true },
      ),
    );
    logs = [];
    sync = await syncGoogleWorkspace({
      domain: 'acme.test',
      credentials: {
        kind: 'oauth_client',
        clientId: 'oauth-client',
        clientSecret: 'oauth-secret-value-1234',
      },
      endpoints: { rootUrl: target.rootUrl, tokenUrl: target.tokenUrl },
      members: [
        { id: 'ok', email: 'ok@acme.test', refreshToken: tokens.ok },
        { id: 'revoked', email: 'revoked@acme.test', refreshToken: tokens.revoked },
        { id: 'narrow', email: 'narrow@acme.test', refreshToken: tokens.narrow },
        { id: 'never', email: 'never@acme.test', refreshToken: null },
      ],
      timeoutMs: 2_000,
      log: (event) => logs.push(event),
    });
  });

  it('a connected member is connected with both reads ok', () => {
    expect(member(sync.members, 'ok')).toMatchObject({
      connection: 'connected',
      access: { mailbox: 'ok', calendar: 'ok' },
      lastError: null,
    });
  });

  it('a revoked refresh token turns the connection to revoked (token_revoked) with access unknown', () => {
    expect(member(sync.members, 'revoked')).toMatchObject({
      connection: 'revoked',
      access: { mailbox: 'unknown', calendar: 'unknown' },
      lastError: { code: 'token_revoked', providerCode: 'invalid_grant', status: 400 },
    });
    expect(member(sync.members, 'revoked').lastError?.message).toContain(
      'Token has been expired or revoked.',
    );
  });

  it('a member who granted only the calendar has insufficient permissions and a denied mailbox', () => {
    expect(member(sync.members, 'narrow')).toMatchObject({
      connection: 'insufficient_permissions',
      access: { mailbox: 'denied', calendar: 'ok' },
    });
  });

  it('a member without a refresh token is not connected and not probed', () => {
    expect(member(sync.members, 'never')).toMatchObject({
      connection: 'not_connected',
      access: { mailbox: 'unknown', calendar: 'unknown' },
      lastError: null,
    });
  });

  it('refresh tokens and the client secret never appear in stored errors or logs, even when the provider repeats them', () => {
    const stored = JSON.stringify(sync) + JSON.stringify(logs);
    expect(stored).toContain('[redacted]');
    for (const secret of [...Object.values(tokens), 'oauth-secret-value-1234'])
      expect(stored).not.toContain(secret);
  });
});

describe('Google adapter, throttling', () => {
  it('waits for the Retry-After Google gives before asking again', async () => {
    const target = await fake(
      tenant([
        {
          id: 'a',
          faults: [{ kind: 'rate_limited', on: 'calendar', times: 1, retryAfterSeconds: 2 }],
        },
      ]),
    );
    const waits: number[] = [];
    const sync = await syncGoogleWorkspace({
      ...companyWide(target),
      members: [{ id: 'a', email: 'a@acme.test' }],
      maxRetryWaitMs: 10_000,
      wait: async (ms) => {
        waits.push(ms);
      },
    });
    expect(member(sync.members, 'a').access).toEqual({ mailbox: 'ok', calendar: 'ok' });
    expect(waits).toEqual([2_000]);
  });
});

describe('Google adapter on worker threads', () => {
  it('gives the same facts, member callbacks and reads as probing in this thread', async () => {
    const target = await fake(
      tenant([
        { id: 'w1' },
        { id: 'w2', mailbox: false },
        { id: 'w3', suspended: true },
        { id: 'w4', faults: [{ kind: 'server_error', on: 'calendar' }] },
        { id: 'w5' },
      ]),
    );
    const members = ['w1', 'w2', 'w3', 'w4', 'w5', 'w6'].map((id) => ({
      id,
      email: `${id}@acme.test`,
    }));
    const readsInThread: string[] = [];
    const inThread = await syncGoogleWorkspace({
      ...companyWide(target, { timeoutMs: 10_000 }),
      members,
      onRead: (read) => {
        readsInThread.push(`${read.memberId} ${read.resource} ${read.outcome}`);
      },
    });
    const seen: string[] = [];
    const reads: string[] = [];
    const threaded = await syncGoogleWorkspace({
      ...companyWide(target, { timeoutMs: 10_000 }),
      members,
      workers: 2,
      onMember: (facts) => {
        seen.push(facts.id);
      },
      // A started read is kept before it is sent: the worker waits for the parent to say so.
      onRead: async (read) => {
        reads.push(`${read.memberId} ${read.resource} ${read.outcome}`);
        if (read.outcome === 'started') await new Promise((resolve) => setTimeout(resolve, 5));
      },
    });
    expect(threaded.members).toEqual(inThread.members);
    expect(threaded.company).toEqual(inThread.company);
    expect(seen.sort()).toEqual(members.map((member) => member.id).sort());
    expect(reads.sort()).toEqual(readsInThread.sort());
    const started = reads.filter((read) => read.endsWith(' started'));
    expect(started).toHaveLength(reads.length / 2);
    expect(reads.filter((read) => read.endsWith(' ok'))).toEqual([
      'w1 calendar ok',
      'w1 mailbox ok',
      'w2 calendar ok',
      'w4 mailbox ok',
      'w5 calendar ok',
      'w5 mailbox ok',
    ]);
  }, 60_000);
});

describe('probing threads chosen by default', () => {
  it('probes in this thread on a 2-core machine, whatever the tenant size', () => {
    expect(defaultProbeThreads(10_000, 2)).toBe(1);
    expect(defaultProbeThreads(10_000, 1)).toBe(1);
  });
  it('adds a thread per spare core and per 1,000 members to probe, at most 4', () => {
    expect(defaultProbeThreads(10, 8)).toBe(1);
    expect(defaultProbeThreads(1_500, 8)).toBe(2);
    expect(defaultProbeThreads(10_000, 8)).toBe(4);
    expect(defaultProbeThreads(10_000, 3)).toBe(2);
    expect(defaultProbeThreads(0, 8)).toBe(1);
  });
});
