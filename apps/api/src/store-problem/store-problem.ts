// @internal: a part of the API's own wiring, not used outside apps/api.
import { isStoreError } from '@capture-doctor/store';
import { notFound, ProblemError } from '../problem/problem.js';

/**
 * Turns a refusal of the store (bad input, missing row, conflict) into a problem; other errors stay as they are.
 * @example throw storeProblem(error) ?? error
 */
export function storeProblem(error: unknown): ProblemError | null {
  if (!isStoreError(error)) return null;
  const extra = { code: error.code, ...(error.field ? { field: error.field } : {}) };
  if (error.code === 'invalid_input' && error.field === 'cursor') {
    return new ProblemError(400, 'invalid-query', 'Invalid query', error.message, {
      code: error.code,
      field: 'query:cursor',
    });
  }
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

/**
 * Waits for a store call, answering 404 naming `what` when the store says the row does not exist.
 * @example const revoked = await foundOr404(store.apiKeys.revoke('acme', id), 'key', id)
 */
export async function foundOr404<T>(work: Promise<T>, what: string, id: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw isStoreError(error, 'not_found') ? notFound(what, id) : error;
  }
}
