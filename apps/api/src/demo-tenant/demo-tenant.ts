// @internal: the demo company's wiring, used only by startServer.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GoogleSyncInput } from '@capture-doctor/providers';
import {
  FakeEvent,
  FakeUser,
  fakeServiceAccount,
  startGoogleFake,
} from '@capture-doctor/providers/fakes';
import { z } from 'zod';

/** The demo tenant as stored in demo/fake-tenant.json: who is in it and what fails for whom. */
const DemoTenantFile = z.looseObject({
  domain: z.string().min(3),
  clientId: z.string().min(1),
  users: z.array(FakeUser),
});

/**
 * demo/calendar-meetings.json: the demo's upcoming meetings, placed `day` days after the day the
 * service starts at `time` (UTC), put in the calendar `scheduledMinutesBefore` their start.
 */
const DemoMeetingsFile = z.looseObject({
  meetings: z.array(
    FakeEvent.omit({ start: true, createdAt: true }).extend({
      day: z.number().int().min(0).max(6),
      time: z.string().regex(/^\d{2}:\d{2}$/, 'HH:MM, UTC'),
      scheduledMinutesBefore: z
        .number()
        .int()
        .positive()
        .default(7 * 24 * 60),
    }),
  ),
});

/**
 * The demo meetings as fake events, relative to `now`.
 * @example demoMeetings(new Date())[0].start // tomorrow at 10:00 UTC
 */
export function demoMeetings(
  now: Date,
  file = fileURLToPath(new URL('../../demo/calendar-meetings.json', import.meta.url)),
): FakeEvent[] {
  const parsed = DemoMeetingsFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return parsed.data.meetings.map(({ day, time, scheduledMinutesBefore, ...event }) => {
    const [hours, minutes] = time.split(':').map(Number);
    const start = today + day * 86_400_000 + ((hours ?? 0) * 60 + (minutes ?? 0)) * 60_000;
    return {
      ...event,
      start: new Date(start).toISOString(),
      createdAt: new Date(start - scheduledMinutesBefore * 60_000).toISOString(),
    };
  });
}

/** The demo's fake Google Workspace, running, and the adapter input that reaches it. */
export interface DemoTenant {
  /** user-by-user: the OAuth client and one refresh token per connected member */
  input: GoogleSyncInput;
  close(): Promise<void>;
}

/**
 * Starts the loopback fake Google Workspace of the demo company (127.0.0.1) from
 * demo/fake-tenant.json. Its OAuth client secret and refresh tokens are new on every start.
 * @example const tenant = await startDemoTenant(); await connectFromSyncInput(store, 'demo', { provider: 'google_workspace', input: tenant.input });
 */
export async function startDemoTenant(
  file = fileURLToPath(new URL('../../demo/fake-tenant.json', import.meta.url)),
): Promise<DemoTenant> {
  const parsed = DemoTenantFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const { domain, clientId } = parsed.data;
  const clientSecret = `demo-secret-${randomBytes(18).toString('base64url')}`;
  const users = parsed.data.users.map((user) =>
    user.refreshToken === undefined
      ? user
      : {
          ...user,
          refreshToken: {
            ...user.refreshToken,
            value: `demo-refresh-${randomBytes(18).toString('base64url')}`,
          },
        },
  );
  // Google's fake requires a service account even when only the OAuth client is used.
  const account = fakeServiceAccount(domain);
  const fake = await startGoogleFake({
    domain,
    users,
    events: demoMeetings(new Date()),
    google: {
      serviceAccount: {
        clientEmail: account.clientEmail,
        clientId: account.clientId,
        publicKeyPem: account.publicKeyPem,
      },
      delegatedScopes: [],
      oauthClient: { clientId, clientSecret },
    },
  });
  return {
    input: {
      domain,
      credentials: { kind: 'oauth_client', clientId, clientSecret },
      endpoints: { rootUrl: fake.rootUrl, tokenUrl: fake.tokenUrl },
      members: users.map(({ id, email, name, refreshToken }) => ({
        id,
        email,
        ...(name === undefined ? {} : { name }),
        refreshToken: refreshToken?.value ?? null,
      })),
    },
    close: () => fake.close(),
  };
}
