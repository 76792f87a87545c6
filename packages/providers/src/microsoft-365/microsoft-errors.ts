// @internal: part of the Microsoft 365 module: what Microsoft's raw errors mean.
import type { ErrorCode } from '@capture-doctor/domain';
import { GraphError } from '@microsoft/microsoft-graph-client';
import { MalformedAnswer, type ProviderFailures } from '../attempt-call/attempt-call.js';
import {
  errorText,
  failureOf,
  networkErrorCode,
  type RawFailure,
} from '../provider-error/provider-error.js';

/** What each AADSTS error number means. */
const AADSTS_CODES: ReadonlyMap<string, ErrorCode> = new Map<string, ErrorCode>([
  ['7000215', 'invalid_client_secret'],
  ['700027', 'invalid_client_secret'],
  ['7000222', 'client_secret_expired'],
  ['700016', 'app_not_found'],
  ['90002', 'tenant_not_found'],
  ['65001', 'consent_missing'],
  ['70008', 'token_revoked'],
  ['700082', 'token_revoked'],
  ['50173', 'token_revoked'],
  ['9002313', 'token_revoked'],
  ['53003', 'admin_policy_enforced'],
]);

/**
 * Turns a raw MSAL or Graph client error into a normalized failure (the raw code kept).
 * @example classifyMicrosoftError(serverError, 'token').code // 'client_secret_expired'
 */
export function classifyMicrosoftError(error: unknown, source: string): RawFailure {
  if (error instanceof MalformedAnswer)
    return { code: 'malformed_response', message: error.message, source };
  if (error instanceof GraphError) {
    const network = networkErrorCode(error);
    if (network !== null) return { code: network, message: errorText(error), source };
    if (error.statusCode === -1 || error.statusCode === 0 || error.code === 'SyntaxError') {
      return {
        code: 'malformed_response',
        providerCode: error.code ?? undefined,
        message: error.message,
        source,
      };
    }
    return graphFailure(
      error.statusCode,
      { error: { code: error.code, message: error.message } },
      source,
    );
  }
  const record = (error ?? {}) as {
    errorCode?: unknown;
    errorNo?: unknown;
    errorMessage?: unknown;
    status?: unknown;
  };
  if (typeof record.errorCode === 'string' && record.errorCode !== '') {
    const network = networkErrorCode(error);
    const message =
      typeof record.errorMessage === 'string' && record.errorMessage !== ''
        ? record.errorMessage
        : errorText(error);
    const status = typeof record.status === 'number' ? record.status : undefined;
    if (network !== null) return { code: network, providerCode: record.errorCode, message, source };
    if (record.errorCode === 'malformed_response')
      return { code: 'malformed_response', message, source };
    const number =
      typeof record.errorNo === 'string' || typeof record.errorNo === 'number'
        ? String(record.errorNo)
        : /AADSTS(\d+)/.exec(message)?.[1];
    const providerCode = number === undefined ? record.errorCode : `AADSTS${number}`;
    const mapped = number === undefined ? undefined : AADSTS_CODES.get(number);
    if (mapped !== undefined) return { code: mapped, providerCode, message, status, source };
    if (status === 429) return { code: 'rate_limited', providerCode, message, status, source };
    if (status !== undefined && status >= 500)
      return { code: 'service_unavailable', providerCode, message, status, source };
    if (record.errorCode === 'invalid_client')
      return { code: 'invalid_client_secret', providerCode, message, status, source };
    if (record.errorCode === 'unauthorized_client')
      return { code: 'app_not_found', providerCode, message, status, source };
    if (/json|parse|unexpected token/i.test(message))
      return { code: 'malformed_response', providerCode, message, status, source };
    return { code: 'unexpected', providerCode, message, status, source };
  }
  const network = networkErrorCode(error);
  if (network !== null) return { code: network, message: errorText(error), source };
  if (error instanceof SyntaxError)
    return { code: 'malformed_response', message: error.message, source };
  return { code: 'unexpected', message: errorText(error), source };
}

/** Graph error codes whose meaning does not depend on the status. */
const GRAPH_CODES: ReadonlyMap<string, ErrorCode> = new Map<string, ErrorCode>([
  ['MailboxNotEnabledForRESTAPI', 'mailbox_not_enabled'],
  ['MailboxNotSupportedForRESTAPI', 'mailbox_not_enabled'],
  ['ErrorInvalidUser', 'user_not_found'],
  ['Request_ResourceNotFound', 'user_not_found'],
  ['ResourceNotFound', 'user_not_found'],
]);

/** The normalized failure of one Graph answer (top level or a $batch entry). */
export function graphFailure(status: number, body: unknown, source: string): RawFailure {
  const inner = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const providerCode = typeof inner?.code === 'string' ? inner.code : undefined;
  const message =
    typeof inner?.message === 'string'
      ? inner.message
      : typeof body === 'string'
        ? body
        : JSON.stringify(body ?? null);
  const failure = failureOf({ providerCode, message, status, source });
  if (status === 429) return failure('rate_limited');
  if (status >= 500) return failure('service_unavailable');
  const known = providerCode === undefined ? undefined : GRAPH_CODES.get(providerCode);
  if (known !== undefined) return failure(known);
  if (status === 403 && /\[RAOP\]|AccessPolicy/i.test(message))
    return failure('access_policy_blocked');
  if (status === 403 || status === 401) return failure('access_denied');
  if (status === 404) return failure('user_not_found');
  return failure('unexpected');
}

/** How MSAL and the Graph client report failures, for the shared retry loop. */
export const microsoftFailures: ProviderFailures = {
  classify: (error, source) => classifyMicrosoftError(error, source),
  retryAfter: (error) => {
    const headers = (error as { headers?: unknown } | null)?.headers;
    return headers instanceof Headers ? headers.get('retry-after') : null;
  },
};
