import { ImportSettings, MemberSettings, Seat } from '@capture-doctor/domain';
import { z } from 'zod';
import { SyncError } from '../sync-error/sync-error.js';

/** A member's platform facts: the seat assigned and their data-capture settings. */
export const PlatformMemberSettings = z.strictObject({
  seat: Seat.nullable().optional(),
  settings: MemberSettings.optional(),
});
export type PlatformMemberSettings = z.infer<typeof PlatformMemberSettings>;

/** What the platform knows of the company, beside what the provider tells. */
export const PlatformSettings = z.strictObject({
  company: z
    .strictObject({
      providerPermissionGranted: z.boolean().optional(),
      emailAccessAuthorized: z.boolean().optional(),
      crmConnected: z.boolean().optional(),
      connectedByProviderAdmin: z.boolean().nullable().optional(),
      import: ImportSettings.optional(),
    })
    .optional(),
  /** Seat and settings of a member the platform has no record of yet. */
  defaultMember: PlatformMemberSettings.optional(),
  /** Seat and settings per member id. */
  members: z.record(z.string(), PlatformMemberSettings).optional(),
});
export type PlatformSettings = z.infer<typeof PlatformSettings>;

/**
 * Where the provider is, by endpoint name (e.g. a fake's or a proxy's URLs): the real endpoints
 * when absent. Each provider module reads and validates the names it knows.
 */
export const ProviderEndpointSettings = z.record(z.string(), z.string().min(1));
export type ProviderEndpointSettings = z.infer<typeof ProviderEndpointSettings>;

/**
 * The non-secret settings of a provider connection the sync itself reads. Secrets are
 * credentials, never settings; the provider's own settings (an admin to impersonate, a client
 * id, ...) are its module's, and pass through here untouched.
 */
export const SyncSettings = z.looseObject({
  /** The company's primary domain. Default: the tenant id. */
  domain: z.string().min(1).optional(),
  /** Groups a scoped company-wide connection covers; everyone when absent. */
  scopeGroups: z.array(z.string().min(1)).optional(),
  endpoints: ProviderEndpointSettings.optional(),
  platform: PlatformSettings.optional(),
  /** Days of upcoming meetings each sync reads from the calendars (default 7; 0 reads none). */
  meetingWindowDays: z.number().int().min(0).max(31).optional(),
});
export type SyncSettings = z.infer<typeof SyncSettings>;

/**
 * Validates a connection's settings for the sync, naming the field and the connection at fault.
 * @example const settings = parseSyncSettings(connection.settings, connection.id);
 */
export function parseSyncSettings(input: unknown, connectionId: string): SyncSettings {
  return parseSettings(SyncSettings, input, connectionId);
}

/**
 * Validates a connection's settings against `schema` (the sync's, or a provider module's),
 * naming the field and the connection at fault.
 * @example const settings = parseSettings(providerModule(kind).settings, connection.settings, connection.id);
 */
export function parseSettings<T>(schema: z.ZodType<T>, input: unknown, connectionId: string): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = `settings.${issue?.path.join('.') ?? ''}`;
  throw new SyncError(
    'invalid_configuration',
    `invalid ${field} of provider connection "${connectionId}": ${issue?.message ?? 'invalid value'}`,
    field,
  );
}
