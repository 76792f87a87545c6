// @internal: a part of the API's own wiring, not used outside apps/api.
import { boundedIssues } from '@capture-doctor/domain';
import type { Context } from 'hono';
import type { z } from 'zod';
import { jsonLimitProblem } from '../json-limits/json-limits.js';
import { ProblemError } from '../problem/problem.js';

/**
 * Reads the JSON body and checks it against a zod schema; a refusal names the field at fault.
 * The size cap itself is enforced earlier by the body-limit middleware.
 * @example const snapshot = await readBody(c, CaptureSnapshot)
 */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new ProblemError(
      415,
      'unsupported-media-type',
      'Unsupported media type',
      'send the body as JSON with content-type: application/json',
      { field: 'header:content-type' },
    );
  }
  const text = await c.req.text();
  const tooBig = jsonLimitProblem(text);
  if (tooBig)
    throw new ProblemError(
      400,
      'invalid-body',
      'Invalid body',
      `${tooBig.field}: ${tooBig.message}`,
      {
        field: tooBig.field,
        errors: [tooBig],
      },
    );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'not JSON';
    throw new ProblemError(
      400,
      'invalid-json',
      'Body is not JSON',
      `the body is not valid JSON: ${reason}`,
      {
        field: '(body)',
      },
    );
  }
  return parseWith(schema, json, 'body');
}

/**
 * Checks a value (body, query, path) with a schema and throws a 400 naming the first bad field.
 * @example parseWith(QuerySchema, c.req.query(), 'query')
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: string,
): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // Bounded: an answer listing each unknown key with the whole list grew as N².
  const errors = boundedIssues(result.error.issues).map((p) => ({
    field: where === 'body' ? p.path : `${where}:${p.path}`,
    message: p.message,
  }));
  const first = errors[0] ?? { field: where, message: 'invalid' };
  throw new ProblemError(
    400,
    `invalid-${where}`,
    `Invalid ${where}`,
    `${first.field}: ${first.message}`,
    { field: first.field, errors },
  );
}
