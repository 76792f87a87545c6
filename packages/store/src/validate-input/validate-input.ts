// @internal: used only inside @capture-doctor/store.
import { boundedIssues } from '@capture-doctor/domain';
import type { z } from 'zod';
import { StoreError } from '../store-error/store-error.js';

/**
 * Parses `value` with `schema`, or throws a StoreError naming the first field at fault.
 * @example const ack = validateInput(NewAcknowledgement, input, 'acknowledgement');
 */
export function validateInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // Bounded: the message and the API answer built from it must not grow with the input.
  const problems = boundedIssues(result.error.issues);
  const first = problems[0];
  const field = first?.path ?? '(root)';
  const detail = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
  throw new StoreError('invalid_input', `invalid ${what}: ${detail}`, { field, problems });
}

/**
 * Parses JSON read back from the database, failing loudly if a stored row no longer fits its schema.
 * @example const report = parseStored(Report, row.report, `evaluation ${row.id}`);
 */
export function parseStored<S extends z.ZodType>(
  schema: S,
  text: string,
  what: string,
): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new StoreError('stored_data_invalid', `stored ${what} is not valid JSON`, { cause });
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = boundedIssues(result.error.issues);
  const detail = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
  throw new StoreError(
    'stored_data_invalid',
    `stored ${what} no longer fits its schema: ${detail}`,
    {
      problems,
    },
  );
}
