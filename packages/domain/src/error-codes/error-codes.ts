import { z } from 'zod';

/** The provider could not be reached. */
export const connectivityErrorCodes = [
  'timeout',
  'connection_refused',
  'connection_reset',
  'dns_failure',
  'tls_error',
  'service_unavailable',
] as const;

/** The provider could not be reached or is throttling: transient, the next check tries again. */
export const transientErrorCodes = [...connectivityErrorCodes, 'rate_limited'] as const;

/** The platform's app itself is not let in: a provider admin must act. */
export const authorizationErrorCodes = [
  'delegation_not_authorized',
  'consent_missing',
  'api_disabled',
  'invalid_client_secret',
  'client_secret_expired',
  'app_not_found',
  'tenant_not_found',
  'admin_policy_enforced',
] as const;

/**
 * Normalized codes adapters put in `lastError.code`. The raw provider code stays in
 * `lastError.providerCode` and the raw text in `lastError.message`, for support.
 * Rules read only these codes, so a new provider never needs a rule change.
 */
export const ErrorCode = z.enum([
  // the provider could not be reached, or is throttling: transient
  ...transientErrorCodes,
  // the platform's app is not allowed in: a provider admin must act
  ...authorizationErrorCodes,
  // this member's data cannot be opened
  'user_not_found',
  'user_suspended',
  'mailbox_not_enabled',
  'access_policy_blocked',
  'access_denied',
  'token_revoked',
  // the provider answered, but not with what the platform expects (e.g. not the JSON it
  // documents): support must look at the raw answer; it is not a connectivity problem
  'malformed_response',
  // anything else: support must look at lastError
  'unexpected',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** The code groups a rule can name (operators `inErrorGroup`, `notInErrorGroup`). */
export const ErrorGroup = z.enum(['transient', 'authorization']);
export type ErrorGroup = z.infer<typeof ErrorGroup>;

/** The codes of each group, so a rule names a group instead of copying its codes. */
export const errorGroups: Record<ErrorGroup, readonly ErrorCode[]> = {
  transient: transientErrorCodes,
  authorization: authorizationErrorCodes,
};
