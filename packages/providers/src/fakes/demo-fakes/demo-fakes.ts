import type { GoogleSyncInput } from '../../google-workspace/google-reads.js';
import type { MicrosoftSyncInput } from '../../microsoft-365/microsoft-input.js';
import { MICROSOFT_APP_ROLES } from '../../microsoft-365/microsoft-scopes.js';
import { sampleMeetings } from '../fake-calendar/sample-meetings.js';
import {
  delegatedGoogle,
  fakeServiceAccount,
  type GoogleFake,
  startGoogleFake,
} from '../google-fake/google-fake.js';
import { type MicrosoftFake, startMicrosoftFake } from '../microsoft-fake/microsoft-fake.js';

/** Both demo fakes, running, with adapter inputs ready to sync each demo company. */
export interface DemoFakes {
  google: GoogleFake;
  microsoft: MicrosoftFake;
  /** Google Workspace, company-wide (service account), scoped to the "capture" group. */
  googleCompanyWide: GoogleSyncInput;
  /** Microsoft 365, company-wide (client secret), scoped to the "capture" group. */
  microsoftCompanyWide: MicrosoftSyncInput;
  /** Microsoft 365, user-by-user (members' refresh tokens). */
  microsoftUserByUser: MicrosoftSyncInput;
  close(): Promise<void>;
}

const MS_TENANT = '5f0c9a7e-3b1d-4c2a-9e8f-7a6b5c4d3e2f';
const MS_CLIENT = 'c0ffee00-1234-4abc-8def-0123456789ab';
const MS_SECRET = 'demo~client-secret-not-a-real-one-0000';

/**
 * Starts the Google and Microsoft fakes with demo tenants whose members show each capture problem:
 * working, no licence, suspended, outside the access policy or scope, unknown, throttled, failing,
 * revoked or never connected. With `meetingsFrom`, two members of each hold the sample meetings
 * (see sampleMeetings) from then on.
 * @example const demo = await startDemoFakes(); const sync = await syncMicrosoft365(demo.microsoftCompanyWide);
 */
export async function startDemoFakes(
  options: { latencyMs?: number; meetingsFrom?: Date } = {},
): Promise<DemoFakes> {
  const latencyMs = options.latencyMs ?? 0;
  const from = options.meetingsFrom;
  const account = fakeServiceAccount('demo-google.test');
  const g = (id: string, extra: Record<string, unknown> = {}) => ({
    id: `g-${id}`,
    email: `${id}@demo-google.test`,
    name: capitalise(id),
    groups: ['capture'],
    ...extra,
  });
  const google = await startGoogleFake({
    domain: 'demo-google.test',
    latencyMs,
    groups: [{ id: 'capture', email: 'capture@demo-google.test', name: 'Captured team' }],
    events: from === undefined ? [] : sampleMeetings('demo-google.test', 'ada', 'margaret', from),
    users: [
      g('admin', { admin: true, groups: [] }),
      g('ada'),
      g('grace', { mailbox: false }),
      g('linus', { suspended: true }),
      g('margaret', { faults: [{ kind: 'rate_limited', on: 'mailbox', retryAfterSeconds: 1 }] }),
      g('ken', { faults: [{ kind: 'timeout', on: 'calendar' }] }),
      g('barbara', { groups: [] }),
    ],
    google: delegatedGoogle(account),
  });
  const m = (id: string, extra: Record<string, unknown> = {}) => ({
    id: `m-${id}`,
    email: `${id}@demo-microsoft.test`,
    name: capitalise(id),
    groups: ['capture'],
    ...extra,
  });
  const microsoft = await startMicrosoftFake({
    domain: 'demo-microsoft.test',
    latencyMs,
    groups: [{ id: 'capture', email: 'capture@demo-microsoft.test', name: 'Captured team' }],
    events:
      from === undefined ? [] : sampleMeetings('demo-microsoft.test', 'satya', 'judson', from),
    users: [
      m('satya', { refreshToken: { value: 'demo-refresh-satya-0001' } }),
      m('amy', { mailbox: false, refreshToken: { value: 'demo-refresh-amy-0002', revoked: true } }),
      m('brad'),
      m('kevin', {
        suspended: true,
        refreshToken: { value: 'demo-refresh-kevin-0003', scopes: ['Calendars.Read', 'User.Read'] },
      }),
      m('judson', {
        faults: [{ kind: 'server_error', on: 'calendar' }],
        refreshToken: { value: 'demo-refresh-judson-0004' },
      }),
      m('scott', { groups: [] }),
    ],
    microsoft: {
      tenantId: MS_TENANT,
      app: { clientId: MS_CLIENT, secret: MS_SECRET, roles: MICROSOFT_APP_ROLES },
      accessPolicy: { allowedUserIds: ['m-satya', 'm-amy', 'm-kevin', 'm-judson', 'm-scott'] },
    },
  });
  const googleMembers = ['ada', 'grace', 'linus', 'margaret', 'ken', 'barbara', 'alan'].map(
    (id) => ({ id: `g-${id}`, email: `${id}@demo-google.test`, name: capitalise(id) }),
  );
  const microsoftMembers = ['satya', 'amy', 'brad', 'kevin', 'judson', 'scott', 'ghost'].map(
    (id) => ({ id: `m-${id}`, email: `${id}@demo-microsoft.test`, name: capitalise(id) }),
  );
  const refreshTokens: Record<string, string> = {
    'm-satya': 'demo-refresh-satya-0001',
    'm-amy': 'demo-refresh-amy-0002',
    'm-kevin': 'demo-refresh-kevin-0003',
    'm-judson': 'demo-refresh-judson-0004',
  };
  const microsoftEndpoints = {
    loginUrl: microsoft.loginUrl,
    graphUrl: microsoft.graphUrl,
    ca: microsoft.ca,
  };
  return {
    google,
    microsoft,
    googleCompanyWide: {
      domain: 'demo-google.test',
      credentials: {
        kind: 'service_account',
        clientEmail: account.clientEmail,
        privateKey: account.privateKey,
        adminEmail: 'admin@demo-google.test',
      },
      endpoints: { rootUrl: google.rootUrl, tokenUrl: google.tokenUrl },
      members: googleMembers,
      scopeGroups: ['capture@demo-google.test'],
      timeoutMs: 3_000,
      maxRetries: 1,
    },
    microsoftCompanyWide: {
      domain: 'demo-microsoft.test',
      credentials: {
        kind: 'client_secret',
        tenantId: MS_TENANT,
        clientId: MS_CLIENT,
        clientSecret: MS_SECRET,
      },
      endpoints: microsoftEndpoints,
      members: microsoftMembers,
      scopeGroups: ['capture'],
      timeoutMs: 3_000,
      maxRetries: 1,
    },
    microsoftUserByUser: {
      domain: 'demo-microsoft.test',
      credentials: {
        kind: 'delegated',
        tenantId: MS_TENANT,
        clientId: MS_CLIENT,
        clientSecret: MS_SECRET,
      },
      endpoints: microsoftEndpoints,
      members: microsoftMembers.map((member) => ({
        ...member,
        refreshToken: refreshTokens[member.id] ?? null,
      })),
      timeoutMs: 3_000,
      maxRetries: 1,
    },
    close: async () => {
      await Promise.all([google.close(), microsoft.close()]);
    },
  };
}

function capitalise(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}
