/** Why a sync could not start or finish. */
export type SyncErrorCode = 'not_found' | 'invalid_configuration' | 'conflict' | 'failed';

/** A sync failure with a code the API can map to a status; its message never holds a secret. */
export class SyncError extends Error {
  readonly code: SyncErrorCode;
  /** The setting or argument at fault, when there is one. */
  readonly field: string | undefined;

  constructor(code: SyncErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'SyncError';
    this.code = code;
    this.field = field;
  }
}

/**
 * Tells a SyncError from any other thrown value.
 * @example if (isSyncError(error) && error.code === 'conflict') status = 409;
 */
export function isSyncError(error: unknown): error is SyncError {
  return error instanceof SyncError;
}
