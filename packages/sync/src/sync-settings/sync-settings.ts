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

/** Where the provider is: the real endpoints when absent. */
export const ProviderEndpointSettings = z.strictObject({
  /** Google: root of the REST APIs. */
  rootUrl: z.url().optional(),
  /** Google: the OAuth token endpoint. */
  tokenUrl: z.url().optional(),
  /** Microsoft: replaces https://login.microsoftonline.com */
  loginUrl: z.url().optional(),
  /** Microsoft: replaces https://graph.microsoft.com */
  graphUrl: z.url().optional(),
  /** An extra CA certificate (PEM) to trust; a certificate is public, never a secret. */
  ca: z.string().min(1).optional(),
});
export type ProviderEndpointSettings = z.infer<typeof ProviderEndpointSettings>;

/**
 * The non-secret settings of a provider connection the sync reads. Secrets are credentials,
 * never settings; keys the sync does not know are left to their owners.
 */
export const SyncSettings = z.looseObject({
  /** The company's primary domain (Google: the Workspace domain). Default: the tenant id. */
  domain: z.string().min(1).optional(),
  /** Google company-wide: the admin the service account impersonates to read the directory. */
  adminEmail: z.string().min(3).optional(),
  /** Google: the service account's email, when the key is a bare PEM rather than a key file. */
  clientEmail: z.string().min(3).optional(),
  /** Google: the customer id of users.list. Default `my_customer`. */
  customer: z.string().min(1).optional(),
  /** The OAuth client or app registration id (Google user-by-user, Microsoft). */
  clientId: z.string().min(1).optional(),
  /** Microsoft: the tenant GUID. Default: the connection's tenant id. */
  tenantId: z.string().min(1).optional(),
  /** Microsoft certificate credential: the certificate's SHA-256 thumbprint. */
  thumbprintSha256: z.string().min(1).optional(),
  /** Groups a scoped company-wide connection covers; everyone when absent. */
  scopeGroups: z.array(z.string().min(1)).optional(),
  endpoints: ProviderEndpointSettings.optional(),
  platform: PlatformSettings.optional(),
});
export type SyncSettings = z.infer<typeof SyncSettings>;

/**
 * Validates a connection's settings for the sync, naming the field and the connection at fault.
 * @example const settings = parseSyncSettings(connection.settings, connection.id);
 */
export function parseSyncSettings(input: unknown, connectionId: string): SyncSettings {
  const parsed = SyncSettings.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = `settings.${issue?.path.join('.') ?? ''}`;
  throw new SyncError(
    'invalid_configuration',
    `invalid ${field} of provider connection "${connectionId}": ${issue?.message ?? 'invalid value'}`,
    field,
  );
}
