// @internal: how adapters shape and classify raw errors; the public result is ProviderError.
import type { ErrorCode, ProviderError } from '@capture-doctor/domain';
import { redactSecrets } from '../redact-secrets/redact-secrets.js';

/** What an adapter learnt from one failed call, before secrets are removed. */
export interface RawFailure {
  code: ErrorCode;
  providerCode?: string | undefined;
  message: string;
  status?: number | undefined;
  source: string;
}

/**
 * Builds the `lastError` kept on a snapshot: the normalized code plus the raw answer, secrets removed.
 * @example providerError({ code: 'timeout', message: 'no answer', source: 'gmail.profile' }, [])
 */
export function providerError(failure: RawFailure, secrets: readonly string[]): ProviderError {
  const error: ProviderError = {
    code: failure.code,
    message: redactSecrets(failure.message, secrets),
    source: failure.source,
  };
  if (failure.providerCode !== undefined) {
    error.providerCode = redactSecrets(failure.providerCode, secrets);
  }
  if (failure.status !== undefined) error.status = failure.status;
  return error;
}

/**
 * The failures of one answer, by code: what the answer said is the same whatever it means.
 * @example const failure = failureOf({ providerCode, message, status, source }); return failure('access_denied');
 */
export function failureOf(answer: Omit<RawFailure, 'code'>): (code: ErrorCode) => RawFailure {
  return (code) => ({ code, ...answer });
}

const NETWORK_CODES: Record<string, ErrorCode> = {
  ECONNREFUSED: 'connection_refused',
  ECONNRESET: 'connection_reset',
  EPIPE: 'connection_reset',
  UND_ERR_SOCKET: 'connection_reset',
  UND_ERR_CLOSED: 'connection_reset',
  ENOTFOUND: 'dns_failure',
  EAI_AGAIN: 'dns_failure',
  ETIMEDOUT: 'timeout',
  ESOCKETTIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  TimeoutError: 'timeout',
  AbortError: 'timeout',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls_error',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls_error',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls_error',
  CERT_HAS_EXPIRED: 'tls_error',
  ERR_TLS_CERT_ALTNAME_INVALID: 'tls_error',
};

/**
 * The connectivity code of a transport failure (refused, reset, timeout, DNS, TLS), or null.
 * Looks through wrapped errors (`cause`), as fetch and the client libraries wrap them.
 * @example networkErrorCode(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })) // 'connection_refused'
 */
export function networkErrorCode(error: unknown): ErrorCode | null {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== null && typeof current === 'object'; depth++) {
    const record = current as { code?: unknown; name?: unknown; cause?: unknown };
    for (const key of [record.code, record.name]) {
      if (typeof key === 'string' && NETWORK_CODES[key] !== undefined) return NETWORK_CODES[key];
    }
    // fetch refuses ports browsers block (6000, 6667, ...) before connecting, with no code:
    // the provider is as unreachable as behind a refused connection.
    if (current instanceof Error && current.message === 'bad port') return 'connection_refused';
    current = record.cause;
  }
  return null;
}

/**
 * The raw message of an error, with its causes, for `lastError.message`.
 * @example errorText(new Error('fetch failed', { cause: new Error('connect ECONNREFUSED') }))
 */
export function errorText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && current !== undefined; depth++) {
    if (current instanceof Error) {
      if (current.message !== '' && !parts.includes(current.message)) parts.push(current.message);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(': ') || 'unknown error';
}
