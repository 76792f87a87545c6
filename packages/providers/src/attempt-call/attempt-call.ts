// @internal: the call-and-retry loop both adapters share.
import type { ProviderError } from '@capture-doctor/domain';
import { providerError, type RawFailure } from '../provider-error/provider-error.js';
import { retryDelayMs, type SyncOptions, sleep } from '../provider-facts/provider-facts.js';

/** An answer that arrived but is not the JSON the provider documents. */
export class MalformedAnswer extends Error {
  constructor(source: string) {
    super(`the answer of ${source} is not the expected JSON`);
    this.name = 'MalformedAnswer';
  }
}

/** A provider call's value, or the provider error it ended with (secrets removed). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ProviderError };

/** How one provider's client library reports failures. */
export interface ProviderFailures {
  classify(error: unknown, source: string): RawFailure;
  retryAfter(error: unknown): string | null;
}

/**
 * Runs one provider call, retrying throttled or unavailable answers after Retry-After (bounded
 * by maxRetries and maxRetryWaitMs) and turning the final failure into a ProviderError.
 * @example await attemptCall(input, secrets, googleFailures, 'gmail.profile', () => api.users.getProfile(...))
 */
export async function attemptCall<T>(
  options: SyncOptions,
  secrets: readonly string[],
  failures: ProviderFailures,
  source: string,
  call: () => Promise<T>,
): Promise<Outcome<T>> {
  const maxRetries = options.maxRetries ?? 3;
  for (let retry = 0; ; retry++) {
    try {
      return { ok: true, value: await call() };
    } catch (error) {
      const failure = failures.classify(error, source);
      const retryable = failure.code === 'rate_limited' || failure.code === 'service_unavailable';
      if (!retryable || retry >= maxRetries || options.signal?.aborted === true) {
        return { ok: false, error: providerError(failure, secrets) };
      }
      const delay = retryDelayMs(
        failures.retryAfter(error),
        retry,
        options.maxRetryWaitMs ?? 60_000,
      );
      await (options.wait ?? sleep)(delay, options.signal);
    }
  }
}
