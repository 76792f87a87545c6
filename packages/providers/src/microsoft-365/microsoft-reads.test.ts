import { X509Certificate } from 'node:crypto';
import type { ErrorCode } from '@capture-doctor/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCertificate } from '../fakes/fake-server/fake-server.js';
import type { FakeTenantInput, FakeUserInput } from '../fakes/fake-tenant/fake-tenant.js';
import { type MicrosoftFake, startMicrosoftFake } from '../fakes/microsoft-fake/microsoft-fake.js';
import type { ProviderMemberFacts, SyncLogEvent } from '../provider-facts/provider-facts.js';
import type { MicrosoftSyncInput } from './microsoft-input.js';
import { syncMicrosoft365 } from './microsoft-reads.js';
import { MICROSOFT_APP_ROLES } from './microsoft-scopes.js';

const TENANT_ID = '0b8c1e4f-1111-4222-8333-944455556666';
const CLIENT_ID = '6a1d7c2e-aaaa-4bbb-8ccc-ddddeeeeffff';
const SECRET = 'Q~fake-client-secret-value-0123456789';

type UserInput = Omit<FakeUserInput, 'email'> & { email?: string };
const user = (input: UserInput) => ({ email: `${input.id}@acme.test`, ...input });

function tenant(
  users: UserInput[],
  extra: Partial<FakeTenantInput> = {},
  app: Record<string, unknown> = {},
  accessPolicy: { allowedUserIds: string[] } | null = null,
): FakeTenantInput {
  return {
    domain: 'acme.test',
    users: users.map(user),
    ...extra,
    microsoft: {
      tenantId: TENANT_ID,
      app: { clientId: CLIENT_ID, secret: SECRET, roles: MICROSOFT_APP_ROLES, ...app },
      accessPolicy,
    },
  };
}

const fakes: MicrosoftFake[] = [];
async function fake(input: FakeTenantInput): Promise<MicrosoftFake> {
  const started = await startMicrosoftFake(input);
  fakes.push(started);
  return started;
}
afterAll(async () => {
  await Promise.all(fakes.map((f) => f.close()));
});

function companyWide(
  target: MicrosoftFake,
  extra: Partial<MicrosoftSyncInput> = {},
): MicrosoftSyncInput {
  return {
    credentials: {
      kind: 'client_secret',
      tenantId: TENANT_ID,
      clientId: CLIENT_ID,
      clientSecret: SECRET,
    },
    endpoints: { loginUrl: target.loginUrl, graphUrl: target.graphUrl, ca: target.ca },
    domain: 'acme.test',
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

describe('Microsoft adapter, company-wide, through MSAL and the Graph client', () => {
  let sync: Awaited<ReturnType<typeof syncMicrosoft365>>;
  let logs: SyncLogEvent[];
  let target: MicrosoftFake;
  beforeAll(async () => {
    target = await fake(
      tenant(
        [
          { id: 'ok' },
          { id: 'nolicence', mailbox: false },
          { id: 'disabled', suspended: true },
          { id: 'outside' },
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
          { id: 'reset', faults: [{ kind: 'connection_reset', on: 'mailbox' }] },
        ],
        {},
        {},
        {
          allowedUserIds: [
            'ok',
            'nolicence',
            'disabled',
            'throttled',
            'throttledonce',
            'down',
            'slow',
            'garbled',
            'reset',
            'ghost',
          ],
        },
      ),
    );
    logs = [];
    const ids = [
      'ok',
      'nolicence',
      'disabled',
      'outside',
      'throttled',
      'throttledonce',
      'down',
      'slow',
      'garbled',
      'reset',
      'ghost',
    ];
    sync = await syncMicrosoft365({
      ...companyWide(target),
      members: ids.map((id) => ({ id, email: `${id}@acme.test` })),
      log: (event) => logs.push(event),
    });
  });

  it('a member whose mailbox and calendar open is ok on both', () => {
    expect(member(sync.members, 'ok')).toMatchObject({
      inScope: true,
      connection: null,
      access: { mailbox: 'ok', calendar: 'ok' },
      lastError: null,
    });
  });

  it('a member without an Exchange Online mailbox is not found (MailboxNotEnabledForRESTAPI)', () => {
    expect(member(sync.members, 'nolicence')).toMatchObject({
      access: { mailbox: 'not_found', calendar: 'not_found' },
      lastError: {
        code: 'mailbox_not_enabled',
        providerCode: 'MailboxNotEnabledForRESTAPI',
        status: 404,
      },
    });
  });

  it('a disabled account is not found (user_suspended) and a missing user is not found (user_not_found)', () => {
    expect(member(sync.members, 'disabled')).toMatchObject({
      access: { mailbox: 'not_found' },
      lastError: { code: 'user_suspended' },
    });
    expect(member(sync.members, 'ghost')).toMatchObject({
      access: { mailbox: 'not_found', calendar: 'not_found' },
      lastError: { code: 'user_not_found', providerCode: 'ErrorInvalidUser' },
    });
  });

  it('a mailbox outside the application access policy is denied (access_policy_blocked)', () => {
    expect(member(sync.members, 'outside')).toMatchObject({
      access: { mailbox: 'denied', calendar: 'denied' },
      lastError: { code: 'access_policy_blocked', providerCode: 'ErrorAccessDenied', status: 403 },
    });
    expect(member(sync.members, 'outside').lastError?.message).toContain('[RAOP]');
  });

  it('throttling that outlasts the retries is rate_limited; a single 429 in a batch is retried and ok', () => {
    expect(member(sync.members, 'throttled')).toMatchObject({
      access: { mailbox: 'error', calendar: 'ok' },
      lastError: { code: 'rate_limited', status: 429 },
    });
    expect(member(sync.members, 'throttledonce')).toMatchObject({
      access: { mailbox: 'ok', calendar: 'ok' },
      lastError: null,
    });
  });

  it('5xx, timeouts, malformed bodies and dropped connections stay on the member that has them', () => {
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
    }
    expect(member(sync.members, 'ok').lastError).toBeNull();
  });

  it("the company reports the token's roles as granted scopes and stays healthy", () => {
    expect(sync.company).toMatchObject({
      provider: 'microsoft_365',
      connectionMode: 'company_wide',
      health: 'ok',
      lastError: null,
    });
    expect(sync.company.grantedScopes).toEqual([...MICROSOFT_APP_ROLES].sort());
    expect(sync.company.tenants).toEqual([
      { id: TENANT_ID, provider: 'microsoft_365', domain: 'acme.test' },
    ]);
    expect(logs.map((event) => event.memberId).sort()).toEqual(
      sync.members
        .filter((facts) => facts.lastError !== null)
        .map((facts) => facts.id)
        .sort(),
    );
  });
});

describe('Microsoft adapter, token endpoint failures (AADSTS)', () => {
  const members = [
    { id: 'a', email: 'a@acme.test' },
    { id: 'b', email: 'b@acme.test' },
  ];
  const cases: Array<{
    name: string;
    app?: Record<string, unknown>;
    credentials?: Partial<{ tenantId: string; clientId: string; clientSecret: string }>;
    code: ErrorCode;
    providerCode: string;
  }> = [
    {
      name: 'a wrong client secret',
      credentials: { clientSecret: 'Q~not-the-right-secret-000000' },
      code: 'invalid_client_secret',
      providerCode: 'AADSTS7000215',
    },
    {
      name: 'an expired client secret',
      app: { secretExpired: true },
      code: 'client_secret_expired',
      providerCode: 'AADSTS7000222',
    },
    {
      name: 'an application unknown to the tenant',
      credentials: { clientId: '00000000-0000-0000-0000-000000000000' },
      code: 'app_not_found',
      providerCode: 'AADSTS700016',
    },
    {
      name: 'an unknown tenant',
      credentials: { tenantId: '99999999-9999-4999-8999-999999999999' },
      code: 'tenant_not_found',
      providerCode: 'AADSTS90002',
    },
    {
      name: 'missing admin consent',
      app: { consented: false },
      code: 'consent_missing',
      providerCode: 'AADSTS65001',
    },
  ];
  for (const testCase of cases) {
    it(`${testCase.name} turns every member's access to error (${testCase.code}), kept as the company's last error`, async () => {
      const target = await fake(tenant([{ id: 'a' }, { id: 'b' }], {}, testCase.app ?? {}));
      const base = companyWide(target);
      const sync = await syncMicrosoft365({
        ...base,
        credentials: {
          kind: 'client_secret',
          tenantId: TENANT_ID,
          clientId: CLIENT_ID,
          clientSecret: SECRET,
          ...testCase.credentials,
        },
        members,
      });
      expect(sync.company).toMatchObject({
        health: 'ok',
        lastError: { code: testCase.code, providerCode: testCase.providerCode, source: 'token' },
      });
      expect(
        sync.members.map((facts) => [
          facts.id,
          facts.access.mailbox,
          facts.access.calendar,
          facts.lastError?.code,
        ]),
      ).toEqual([
        ['a', 'error', 'error', testCase.code],
        ['b', 'error', 'error', testCase.code],
      ]);
    });
  }

  it('a certificate credential signs a client assertion the token endpoint accepts', async () => {
    const certificate = await testCertificate();
    const target = await fake(
      tenant([{ id: 'a' }], {}, { secret: undefined, certificatePem: certificate.cert }),
    );
    const thumbprintSha256 = new X509Certificate(certificate.cert).fingerprint256.replaceAll(
      ':',
      '',
    );
    const sync = await syncMicrosoft365({
      ...companyWide(target),
      credentials: {
        kind: 'client_certificate',
        tenantId: TENANT_ID,
        clientId: CLIENT_ID,
        thumbprintSha256,
        privateKey: certificate.key,
      },
    });
    expect(sync.company.health).toBe('ok');
    expect(member(sync.members, 'a').access).toEqual({ mailbox: 'ok', calendar: 'ok' });
  });
});

describe('Microsoft adapter, Graph permissions, paging and batching', () => {
  it('without Mail.Read and User.Read.All the mailbox is denied (access_denied) and the directory read refused', async () => {
    const target = await fake(tenant([{ id: 'a' }], {}, { roles: ['Calendars.Read'] }));
    const sync = await syncMicrosoft365({
      ...companyWide(target),
      members: [{ id: 'a', email: 'a@acme.test' }],
    });
    expect(member(sync.members, 'a')).toMatchObject({
      access: { mailbox: 'denied', calendar: 'ok' },
      lastError: {
        code: 'access_denied',
        providerCode: 'ErrorAccessDenied',
        message: 'Access is denied. Check credentials and try again.',
      },
    });
    expect(sync.company.lastError).toMatchObject({
      code: 'access_denied',
      providerCode: 'Authorization_RequestDenied',
      source: 'directory.users',
    });
    expect(sync.company.grantedScopes).toEqual(['Calendars.Read']);
  });

  it('reads 2,500 users through @odata.nextLink and probes them at 20 requests per $batch', async () => {
    const users = Array.from({ length: 2_500 }, (_, index) => ({
      id: `d${index}`,
      groups: index % 100 === 0 ? ['sales'] : [],
    }));
    const target = await fake(
      tenant(users, { groups: [{ id: 'sales', email: 'sales@acme.test' }] }),
    );
    target.resetCount();
    const sync = await syncMicrosoft365(companyWide(target, { timeoutMs: 10_000 }));
    expect(sync.members).toHaveLength(2_500);
    expect(
      sync.members.every(
        (facts) => facts.access.mailbox === 'ok' && facts.access.calendar === 'ok',
      ),
    ).toBe(true);
    // 1 token + 3 directory pages + 250 batches of 10 members
    expect(target.requestCount).toBe(1 + 3 + 250);

    target.resetCount();
    const scoped = await syncMicrosoft365(
      companyWide(target, { scopeGroups: ['sales'], timeoutMs: 10_000 }),
    );
    expect(scoped.members.filter((facts) => facts.inScope).map((facts) => facts.id)).toEqual(
      users.filter((_, index) => index % 100 === 0).map((user) => user.id),
    );
    expect(member(scoped.members, 'd1')).toMatchObject({
      inScope: false,
      access: { mailbox: 'unknown', calendar: 'unknown' },
    });
    expect(target.requestCount).toBe(1 + 3 + 1 + 3);
  });

  it('waits for Retry-After before sending throttled requests again', async () => {
    const target = await fake(
      tenant([
        {
          id: 'a',
          faults: [{ kind: 'rate_limited', on: 'mailbox', times: 1, retryAfterSeconds: 1 }],
        },
      ]),
    );
    const waits: number[] = [];
    const sync = await syncMicrosoft365({
      ...companyWide(target),
      members: [{ id: 'a', email: 'a@acme.test' }],
      maxRetryWaitMs: 5_000,
      wait: async (ms) => {
        waits.push(ms);
      },
    });
    expect(member(sync.members, 'a').access).toEqual({ mailbox: 'ok', calendar: 'ok' });
    expect(waits).toEqual([1_000]);
  });

  it('the fake refuses a fifth concurrent request to one mailbox (MailboxConcurrency)', async () => {
    const target = await fake(tenant([{ id: 'a' }], { latencyMs: 200 }));
    const base = companyWide(target);
    const runs = await Promise.all(
      Array.from({ length: 3 }, () =>
        syncMicrosoft365({ ...base, members: [{ id: 'a', email: 'a@acme.test' }], maxRetries: 0 }),
      ),
    );
    const codes = runs.map((run) => member(run.members, 'a').lastError?.providerCode ?? 'ok');
    expect(codes).toContain('ApplicationThrottled');
  });

  it('an unreachable provider makes every member error and the company a connectivity error', async () => {
    const target = await fake(tenant([{ id: 'a' }]));
    const input = companyWide(target);
    await target.close();
    const sync = await syncMicrosoft365({
      ...input,
      members: [
        { id: 'a', email: 'a@acme.test' },
        { id: 'b', email: 'b@acme.test' },
      ],
    });
    expect(sync.company).toMatchObject({
      health: 'connectivity_error',
      lastError: { code: 'connection_refused', source: 'token' },
    });
    expect(
      sync.members.map((facts) => [facts.id, facts.access.mailbox, facts.access.calendar]),
    ).toEqual([
      ['a', 'error', 'error'],
      ['b', 'error', 'error'],
    ]);
  });
});

describe('Microsoft adapter, delegated refresh tokens (user-by-user)', () => {
  const tokens = {
    ok: '0.AAA-ok-refresh-token-aaaa',
    revoked: '0.AAA-revoked-token-bbbb',
    expired: '0.AAA-expired-token-cccc',
    narrow: '0.AAA-narrow-token-dddd',
  };
  let sync: Awaited<ReturnType<typeof syncMicrosoft365>>;
  let logs: SyncLogEvent[];
  beforeAll(async () => {
    const target = await fake(
      tenant(
        [
          { id: 'ok', refreshToken: { value: tokens.ok } },
          { id: 'revoked', refreshToken: { value: tokens.revoked, revoked: true } },
          { id: 'expired', refreshToken: { value: tokens.expired, expired: true } },
          {
            id: 'narrow',
            refreshToken: { value: tokens.narrow, scopes: ['Calendars.Read', 'User.Read'] },
          },
          { id: 'never' },
        ],
        { echoCredentialsInErrors: true },
      ),
    );
    logs = [];
    sync = await syncMicrosoft365({
      ...companyWide(target),
      credentials: {
        kind: 'delegated',
        tenantId: TENANT_ID,
        clientId: CLIENT_ID,
        clientSecret: SECRET,
      },
      members: [
        { id: 'ok', email: 'ok@acme.test', refreshToken: tokens.ok },
        { id: 'revoked', email: 'revoked@acme.test', refreshToken: tokens.revoked },
        { id: 'expired', email: 'expired@acme.test', refreshToken: tokens.expired },
        { id: 'narrow', email: 'narrow@acme.test', refreshToken: tokens.narrow },
        { id: 'never', email: 'never@acme.test' },
      ],
      log: (event) => logs.push(event),
    });
  });

  it('a connected member reads both through its own token', () => {
    expect(member(sync.members, 'ok')).toMatchObject({
      connection: 'connected',
      access: { mailbox: 'ok', calendar: 'ok' },
      lastError: null,
    });
    expect(sync.company).toMatchObject({ connectionMode: 'user_by_user', health: 'ok' });
  });

  it('a revoked (AADSTS50173) or expired (AADSTS700082) refresh token turns the connection to revoked with access unknown', () => {
    expect(member(sync.members, 'revoked')).toMatchObject({
      connection: 'revoked',
      access: { mailbox: 'unknown', calendar: 'unknown' },
      lastError: { code: 'token_revoked', providerCode: 'AADSTS50173' },
    });
    expect(member(sync.members, 'expired')).toMatchObject({
      connection: 'revoked',
      lastError: { code: 'token_revoked', providerCode: 'AADSTS700082' },
    });
  });

  it('a member who did not grant Mail.Read has insufficient permissions and a denied mailbox', () => {
    expect(member(sync.members, 'narrow')).toMatchObject({
      connection: 'insufficient_permissions',
      access: { mailbox: 'denied', calendar: 'ok' },
    });
  });

  it('a member who never connected is not connected and not probed', () => {
    expect(member(sync.members, 'never')).toMatchObject({
      connection: 'not_connected',
      access: { mailbox: 'unknown', calendar: 'unknown' },
    });
  });

  it('the client secret and refresh tokens never appear in stored errors or logs, even when the provider repeats them', () => {
    const stored = JSON.stringify(sync) + JSON.stringify(logs);
    expect(stored).toContain('[redacted]');
    for (const secret of [...Object.values(tokens), SECRET]) expect(stored).not.toContain(secret);
  });
});
