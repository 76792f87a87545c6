import { z } from 'zod';

/** The email and calendar providers a company can connect. */
export const Provider = z.enum(['google_workspace', 'microsoft_365']);
export type Provider = z.infer<typeof Provider>;

/** How the company connected its provider. */
export const ConnectionMode = z.enum(['company_wide', 'user_by_user']);
export type ConnectionMode = z.infer<typeof ConnectionMode>;

/** A member's own connection, for user-by-user connections. */
export const MemberConnection = z.enum([
  'connected',
  'not_connected',
  'revoked',
  'insufficient_permissions',
]);
export type MemberConnection = z.infer<typeof MemberConnection>;

/** The outcome of the least read that proves access to a mailbox or a calendar. */
export const AccessState = z.enum(['ok', 'denied', 'not_found', 'error', 'unknown']);
export type AccessState = z.infer<typeof AccessState>;

/** Whether the provider answered at all during the last check. */
export const ProviderHealth = z.enum(['ok', 'connectivity_error', 'error']);
export type ProviderHealth = z.infer<typeof ProviderHealth>;

/** The three status icons of a member row. */
export const IconName = z.enum(['microphone', 'calendar', 'email']);
export type IconName = z.infer<typeof IconName>;

/**
 * An icon's colour. `off`: the member does not use that capture; `unknown`: a fact the
 * rules need was not collected, so the icon must not claim green.
 */
export const IconColor = z.enum(['off', 'green', 'unknown', 'yellow', 'red']);
export type IconColor = z.infer<typeof IconColor>;

/** The colours a rule can give: a rule only ever reports a problem. */
export const FindingColor = z.enum(['yellow', 'red']);
export type FindingColor = z.infer<typeof FindingColor>;

/** Who can apply a fix. */
export const FixBy = z.enum(['platform_admin', 'provider_admin', 'member', 'support']);
export type FixBy = z.infer<typeof FixBy>;
