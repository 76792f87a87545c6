import type { SchemaProblem } from '@capture-doctor/domain';

/** Why a store call was refused; the API maps each code to an HTTP status. */
export type StoreErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'encryption_key_invalid'
  | 'encryption_key_mismatch'
  | 'migration_failed'
  | 'stored_data_invalid';

/**
 * The one error class the store throws on purpose. Messages never contain secrets.
 * @example if (error instanceof StoreError && error.code === 'not_found') return notFound();
 */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  /** The offending field, e.g. `expiresAt` or `body.recorderName`, when one is at fault. */
  readonly field: string | undefined;
  /** Every schema problem found, for invalid input. */
  readonly problems: SchemaProblem[];

  constructor(
    code: StoreErrorCode,
    message: string,
    options: { field?: string; problems?: SchemaProblem[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StoreError';
    this.code = code;
    this.field = options.field;
    this.problems = options.problems ?? [];
  }
}

/**
 * True when `error` is a StoreError, optionally of the given code.
 * @example isStoreError(error, 'conflict')
 */
export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}
