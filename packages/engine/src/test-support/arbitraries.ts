import {
  AccessState,
  type CaptureSnapshot,
  type CompanyFacts,
  ConnectionMode,
  ErrorCode,
  MemberConnection,
  type MemberFacts,
  Provider,
  ProviderHealth,
} from '@capture-doctor/domain';
import fc from 'fast-check';

export const readOnlyScopes = [
  'https://www.googleapis.com/auth/gmail.readonly',
  'https://www.googleapis.com/auth/calendar.readonly',
  'https://www.googleapis.com/auth/admin.directory.user.readonly',
  'openid',
  'email',
  'profile',
  'Mail.Read',
  'Calendars.Read',
  'User.Read.All',
];
export const broadScopes = ['https://mail.google.com/', 'Mail.ReadWrite', 'Calendars.ReadWrite'];

const errorArb = fc.option(
  fc.record({ code: fc.constantFrom(...ErrorCode.options), message: fc.constant('raw error') }),
  { nil: null },
);

export const companyArb: fc.Arbitrary<CompanyFacts> = fc.record({
  id: fc.constant('acme'),
  provider: fc.option(fc.constantFrom(...Provider.options), { nil: null }),
  connectionMode: fc.option(fc.constantFrom(...ConnectionMode.options), { nil: null }),
  connectedByProviderAdmin: fc.option(fc.boolean(), { nil: null }),
  tenants: fc.array(
    fc.record({
      id: fc.constantFrom('t1', 't2', 't3'),
      provider: fc.constantFrom(...Provider.options),
    }),
    { maxLength: 3 },
  ),
  providerPermissionGranted: fc.boolean(),
  emailAccessAuthorized: fc.boolean(),
  crmConnected: fc.boolean(),
  import: fc.record({
    meetings: fc.boolean(),
    calendar: fc.boolean(),
    nonRecordedMeetings: fc.boolean(),
    emails: fc.boolean(),
  }),
  grantedScopes: fc.subarray([...readOnlyScopes, ...broadScopes]),
  health: fc.constantFrom(...ProviderHealth.options),
  lastError: errorArb,
});

export const memberArb = (id: string): fc.Arbitrary<MemberFacts> =>
  fc.record(
    {
      id: fc.constant(id),
      email: fc.constant(`${id}@acme.example`),
      name: fc.constantFrom(`Member ${id}`, undefined),
      seat: fc.option(
        fc.record({ name: fc.constantFrom('Full', 'Viewer'), includesRecording: fc.boolean() }),
        {
          nil: null,
        },
      ),
      settings: fc.record({
        recording: fc.boolean(),
        calendarImport: fc.boolean(),
        nonRecordedMeetings: fc.boolean(),
        emailImport: fc.boolean(),
      }),
      inScope: fc.boolean(),
      connection: fc.option(fc.constantFrom(...MemberConnection.options), { nil: null }),
      access: fc.record({
        mailbox: fc.constantFrom(...AccessState.options),
        calendar: fc.constantFrom(...AccessState.options),
      }),
      lastError: errorArb,
      // Absent in snapshots written before per-probe errors: both kinds must evaluate.
      mailboxError: errorArb,
      calendarError: errorArb,
      directoryError: errorArb,
    },
    {
      requiredKeys: [
        'id',
        'email',
        'seat',
        'settings',
        'inScope',
        'connection',
        'access',
        'lastError',
      ],
    },
  );

/** Random snapshots with up to `maxMembers` members of distinct ids. */
export const snapshotArb = (maxMembers = 12): fc.Arbitrary<CaptureSnapshot> =>
  fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { maxLength: maxMembers }).chain((ids) =>
    fc.record({
      version: fc.constant(1 as const),
      company: companyArb,
      members: fc.tuple(...ids.map((n) => memberArb(`m${n}`))),
    }),
  );

/** A company where everything is connected, authorised and switched on. */
export const healthyCompanyArb: fc.Arbitrary<CompanyFacts> = fc
  .record({
    provider: fc.constantFrom(...Provider.options),
    connectionMode: fc.constantFrom(...ConnectionMode.options),
    grantedScopes: fc.subarray(readOnlyScopes),
  })
  .map(({ provider, connectionMode, grantedScopes }) => ({
    id: 'acme',
    provider,
    connectionMode,
    connectedByProviderAdmin: true,
    tenants: [{ id: 't1', provider }],
    providerPermissionGranted: true,
    emailAccessAuthorized: true,
    crmConnected: true,
    import: { meetings: true, calendar: true, nonRecordedMeetings: true, emails: true },
    grantedScopes,
    health: 'ok' as const,
    lastError: null,
  }));

/** A fully healthy snapshot: every member seated, in scope, connected and reachable. */
export const healthySnapshotArb: fc.Arbitrary<CaptureSnapshot> = fc
  .tuple(healthyCompanyArb, fc.integer({ min: 1, max: 20 }))
  .map(([company, count]) => ({
    version: 1 as const,
    company,
    members: Array.from({ length: count }, (_, i) => ({
      id: `m${i}`,
      email: `m${i}@acme.example`,
      seat: { name: 'Full', includesRecording: true },
      settings: {
        recording: true,
        calendarImport: true,
        nonRecordedMeetings: true,
        emailImport: true,
      },
      inScope: true,
      connection: company.connectionMode === 'user_by_user' ? ('connected' as const) : null,
      access: { mailbox: 'ok' as const, calendar: 'ok' as const },
      lastError: null,
    })),
  }));
