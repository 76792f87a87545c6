import { isStoreError } from '@capture-doctor/store';
import { ProblemError } from '../problem/problem.js';

/**
 * Turns a refusal of the store (bad input, missing row, conflict) into a problem; other errors stay as they are.
 * @example throw storeProblem(error) ?? error
 */
export function storeProblem(error: unknown): ProblemError | null {
  if (!isStoreError(error)) return null;
  const extra = { code: error.code, ...(error.field ? { field: error.field } : {}) };
  if (error.code === 'invalid_input') {
    const errors = error.problems.map((p) => ({ field: p.path, message: p.message }));
    return new ProblemError(400, 'invalid-body', 'Invalid request', error.message, {
      ...extra,
      ...(errors.length ? { errors } : {}),
    });
  }
  if (error.code === 'not_found')
    return new ProblemError(404, 'not-found', 'Not found', error.message, extra);
  if (error.code === 'conflict')
    return new ProblemError(409, 'conflict', 'Conflict', error.message, extra);
  return null;
}
