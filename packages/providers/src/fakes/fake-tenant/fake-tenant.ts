import { z } from 'zod';

/** How a fake answers instead of the normal answer. */
export const FakeFaultKind = z.enum([
  'rate_limited',
  'server_error',
  'timeout',
  'malformed',
  'connection_reset',
]);
export type FakeFaultKind = z.infer<typeof FakeFaultKind>;

/** Where a fault strikes: a member's token exchange, mailbox or calendar read, or the directory. */
export const FakeFaultTarget = z.enum(['token', 'mailbox', 'calendar', 'directory']);
export type FakeFaultTarget = z.infer<typeof FakeFaultTarget>;

export const FakeFault = z.strictObject({
  kind: FakeFaultKind,
  on: FakeFaultTarget,
  times: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('how many calls fail before the fake answers normally; every call when absent'),
  retryAfterSeconds: z.number().int().nonnegative().default(1),
});
export type FakeFault = z.infer<typeof FakeFault>;

export const FakeRefreshToken = z.strictObject({
  value: z.string().min(8),
  revoked: z.boolean().default(false),
  expired: z.boolean().default(false),
  scopes: z
    .array(z.string())
    .optional()
    .describe('scopes the member granted; all asked when absent'),
});

export const FakeUser = z.strictObject({
  id: z.string().min(1),
  email: z.string().min(3),
  name: z.string().optional(),
  suspended: z.boolean().default(false),
  admin: z.boolean().default(false),
  mailbox: z.boolean().default(true).describe('Gmail / Exchange Online mailbox (licence) present'),
  calendar: z.boolean().default(true),
  groups: z.array(z.string()).default([]).describe('ids of the groups the user belongs to'),
  refreshToken: FakeRefreshToken.optional(),
  faults: z.array(FakeFault).default([]),
});
export type FakeUser = z.infer<typeof FakeUser>;
export type FakeUserInput = z.input<typeof FakeUser>;

export const FakeGroup = z.strictObject({
  id: z.string().min(1),
  email: z.string().min(3),
  name: z.string().optional(),
});

export const FakeGoogleSettings = z.strictObject({
  customerId: z.string().default('C00fake'),
  serviceAccount: z.strictObject({
    clientEmail: z.string().min(3),
    clientId: z.string().min(1),
    publicKeyPem: z.string().min(1),
  }),
  delegatedScopes: z
    .array(z.string())
    .describe('scopes the Google admin authorised for the client id (domain-wide delegation)'),
  disabledApis: z.array(z.enum(['gmail', 'calendar', 'admin'])).default([]),
  oauthClient: z.strictObject({ clientId: z.string(), clientSecret: z.string() }).optional(),
});

export type FakeGoogleSettingsInput = z.input<typeof FakeGoogleSettings>;

export const FakeMicrosoftSettings = z.strictObject({
  tenantId: z.string().min(1),
  app: z.strictObject({
    clientId: z.string().min(1),
    secret: z.string().optional(),
    secretExpired: z.boolean().default(false),
    certificatePem: z
      .string()
      .optional()
      .describe('public certificate accepted for client assertions'),
    consented: z.boolean().default(true),
    roles: z.array(z.string()).describe('application permissions with admin consent'),
  }),
  accessPolicy: z
    .strictObject({ allowedUserIds: z.array(z.string()) })
    .nullable()
    .default(null)
    .describe('Exchange ApplicationAccessPolicy: the only mailboxes the app may open'),
});

/** How an invitee answered a fake meeting. */
export const FakeResponse = z.enum(['accepted', 'declined', 'tentative', 'needs_action']);
export type FakeResponse = z.infer<typeof FakeResponse>;

/**
 * A meeting on the fake calendars: it shows on the calendar of its organizer and of every
 * attendee of the tenant. Each provider fake answers it in its own format.
 */
export const FakeEvent = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+$/, 'lower-case letters and digits (a Google event id)'),
  title: z.string().min(1),
  start: z.iso.datetime({ offset: true }),
  durationMinutes: z.number().int().positive().default(30),
  recurrence: z
    .strictObject({ every: z.enum(['day', 'week']), count: z.number().int().min(2).max(400) })
    .optional()
    .describe('a recurring meeting: the calendars list each occurrence (expanded)'),
  organizer: z.string().min(3),
  attendees: z
    .array(z.strictObject({ email: z.string().min(3), response: FakeResponse }))
    .default([]),
  visibility: z.enum(['normal', 'private']).default('normal'),
  cancelled: z.boolean().default(false),
  conferencing: z
    .enum(['native', 'zoom', 'webex', 'none'])
    .default('native')
    .describe("native: the provider's own (Meet, Teams) attached to the event"),
  joinUrl: z
    .string()
    .optional()
    .describe('the link of zoom or webex conferencing, or a link pasted in the body'),
  location: z.string().optional(),
  body: z.string().optional(),
  dialIn: z.string().optional().describe('a phone number attached to the conferencing'),
  createdAt: z.iso.datetime({ offset: true }).optional(),
});
export type FakeEvent = z.infer<typeof FakeEvent>;
export type FakeEventInput = z.input<typeof FakeEvent>;

/** A fake provider tenant described as data: who exists, what is allowed, and what fails. */
export const FakeTenant = z.strictObject({
  domain: z.string().min(3),
  latencyMs: z.number().nonnegative().default(0),
  groups: z.array(FakeGroup).default([]),
  users: z.array(FakeUser),
  faults: z.array(FakeFault).default([]).describe('tenant-wide faults: app token and directory'),
  events: z.array(FakeEvent).default([]),
  eventPageSize: z
    .number()
    .int()
    .positive()
    .default(100)
    .describe('most events per page of a calendar read, whatever the client asks'),
  echoCredentialsInErrors: z
    .boolean()
    .default(false)
    .describe('error texts repeat the credentials sent, to prove adapters remove them'),
  google: FakeGoogleSettings.optional(),
  microsoft: FakeMicrosoftSettings.optional(),
});
export type FakeTenant = z.infer<typeof FakeTenant>;
export type FakeTenantInput = z.input<typeof FakeTenant>;

/**
 * Validates a fake tenant description, naming the field at fault.
 * @example parseFakeTenant({ domain: 'acme.test', users: [] })
 */
export function parseFakeTenant(input: FakeTenantInput): FakeTenant {
  const result = FakeTenant.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue === undefined ? '' : issue.path.join('.');
    throw new Error(`invalid fake tenant at "${where}": ${issue?.message ?? 'unknown problem'}`);
  }
  return result.data;
}
