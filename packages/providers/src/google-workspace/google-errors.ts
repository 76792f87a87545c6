// @internal: part of the Google Workspace module: what Google's raw errors mean.
import type { ErrorCode } from '@capture-doctor/domain';
import { MalformedAnswer, type ProviderFailures } from '../attempt-call/attempt-call.js';
import {
  errorText,
  failureOf,
  networkErrorCode,
  type RawFailure,
} from '../provider-error/provider-error.js';

interface GoogleErrorBody {
  error?: unknown;
  error_description?: unknown;
}

/**
 * Turns a raw error of the Google client libraries into a normalized failure (the raw code kept).
 * @example classifyGoogleError(gaxiosError, 'gmail.profile').code // 'mailbox_not_enabled'
 */
export function classifyGoogleError(error: unknown, source: string): RawFailure {
  if (error instanceof MalformedAnswer)
    return { code: 'malformed_response', message: error.message, source };
  const record = (error ?? {}) as {
    status?: unknown;
    response?: { status?: unknown; data?: unknown };
  };
  const status =
    typeof record.response?.status === 'number'
      ? record.response.status
      : typeof record.status === 'number'
        ? record.status
        : undefined;
  const data = record.response?.data;
  const network = networkErrorCode(error);
  if (network !== null && status === undefined)
    return { code: network, message: errorText(error), source };
  if (data !== null && typeof data === 'object') {
    const body = data as GoogleErrorBody;
    if (typeof body.error === 'string') {
      const description = typeof body.error_description === 'string' ? body.error_description : '';
      return {
        code: tokenErrorCode(body.error, description),
        providerCode: body.error,
        message: description || body.error,
        status,
        source,
      };
    }
    if (body.error !== null && typeof body.error === 'object')
      return apiFailure(body.error as ApiError, status, source);
  }
  if (status !== undefined && status >= 200 && status < 300)
    return { code: 'malformed_response', message: errorText(error), status, source };
  if (typeof data === 'string' && status !== undefined && status < 500 && status !== 429) {
    return { code: 'malformed_response', message: errorText(error), status, source };
  }
  if (status === 429) return { code: 'rate_limited', message: errorText(error), status, source };
  if (status !== undefined && status >= 500)
    return { code: 'service_unavailable', message: errorText(error), status, source };
  return { code: network ?? 'unexpected', message: errorText(error), status, source };
}

interface ApiError {
  message?: unknown;
  status?: unknown;
  errors?: Array<{ reason?: unknown; message?: unknown }>;
  details?: Array<{ reason?: unknown }>;
}

function apiFailure(body: ApiError, status: number | undefined, source: string): RawFailure {
  const reason = typeof body.errors?.[0]?.reason === 'string' ? body.errors[0].reason : undefined;
  const detail = body.details?.find((item) => typeof item.reason === 'string')?.reason as
    | string
    | undefined;
  const message = typeof body.message === 'string' ? body.message : JSON.stringify(body);
  const providerCode =
    detail ?? reason ?? (typeof body.status === 'string' ? body.status : undefined);
  const failure = failureOf({ providerCode, message, status, source });
  if (detail === 'SERVICE_DISABLED' || reason === 'accessNotConfigured')
    return failure('api_disabled');
  if (reason === 'failedPrecondition' && /mail service not enabled/i.test(message))
    return failure('mailbox_not_enabled');
  if (reason !== undefined && RATE_LIMIT_REASONS.has(reason)) return failure('rate_limited');
  if (status === 429) return failure('rate_limited');
  if (status === 404) return failure('user_not_found');
  if (status === 403 || status === 401) return failure('access_denied');
  if (status !== undefined && status >= 500) return failure('service_unavailable');
  return failure('unexpected');
}

/** What each OAuth token-endpoint error means; `invalid_grant` is told apart by its description. */
const TOKEN_ERRORS: ReadonlyMap<string, ErrorCode> = new Map<string, ErrorCode>([
  ['unauthorized_client', 'delegation_not_authorized'],
  ['invalid_scope', 'delegation_not_authorized'],
  ['admin_policy_enforced', 'admin_policy_enforced'],
  ['access_denied', 'access_denied'],
  ['org_internal', 'access_denied'],
  ['disabled_client', 'app_not_found'],
  ['deleted_client', 'app_not_found'],
  ['invalid_client', 'invalid_client_secret'],
]);

/** The descriptions of `invalid_grant`, tried in order. */
const INVALID_GRANT_ERRORS: ReadonlyArray<readonly [RegExp, ErrorCode]> = [
  [/invalid email or user id|not a valid email/i, 'user_not_found'],
  [/expired or revoked|bad request/i, 'token_revoked'],
  [/invalid jwt signature/i, 'invalid_client_secret'],
];

/** API error reasons that say the caller is throttled. */
const RATE_LIMIT_REASONS: ReadonlySet<string> = new Set([
  'rateLimitExceeded',
  'userRateLimitExceeded',
  'quotaExceeded',
]);

function tokenErrorCode(error: string, description: string): ErrorCode {
  if (error === 'invalid_grant')
    return INVALID_GRANT_ERRORS.find(([pattern]) => pattern.test(description))?.[1] ?? 'unexpected';
  return TOKEN_ERRORS.get(error) ?? 'unexpected';
}

/** How the Google client libraries report failures, for the shared retry loop. */
export const googleFailures: ProviderFailures = {
  classify: (error, source) => classifyGoogleError(error, source),
  retryAfter: retryAfterOf,
};

function retryAfterOf(error: unknown): string | null {
  const headers = (error as { response?: { headers?: unknown } } | null)?.response?.headers;
  if (headers instanceof Headers) return headers.get('retry-after');
  if (headers !== null && typeof headers === 'object') {
    const value = (headers as Record<string, unknown>)['retry-after'];
    return typeof value === 'string' ? value : null;
  }
  return null;
}
