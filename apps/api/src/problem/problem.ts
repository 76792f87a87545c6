import type { ConsentFinding } from '@capture-doctor/domain';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** One field at fault inside a request, written as `members[2].email` or `header:authorization`. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** An RFC 9457 problem document as this API writes it. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  field?: string;
  errors?: FieldProblem[];
  code?: string;
  /** the consent-rule findings behind a refused approval */
  findings?: ConsentFinding[];
}

/**
 * A refusal that the error handler turns into problem+json; thrown from any handler.
 * @example throw new ProblemError(404, 'not-found', 'Not found', 'no member "m9" in this company')
 */
export class ProblemError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly extra: {
      field?: string;
      errors?: FieldProblem[];
      code?: string;
      findings?: ConsentFinding[];
    } = {},
  ) {
    super(detail);
  }
}

/**
 * Writes a problem+json answer. `type` is a relative URI under /problems so it stays stable.
 * @example return problemResponse(c, new ProblemError(400, 'invalid-body', 'Invalid body', 'x'))
 */
export function problemResponse(c: Context, error: ProblemError): Response {
  const body: ProblemDocument = {
    type: `/problems/${error.slug}`,
    title: error.title,
    status: error.status,
    detail: error.detail,
    instance: new URL(c.req.url).pathname,
    ...error.extra,
  };
  return c.body(JSON.stringify(body), error.status, {
    'content-type': 'application/problem+json; charset=utf-8',
  });
}

/**
 * The 404 every route answers for an id the caller may not see, whether it exists or not.
 * @example throw notFound('member', 'm9')
 */
export function notFound(what: string, id: string): ProblemError {
  return new ProblemError(404, 'not-found', 'Not found', `no ${what} "${id}" here`, {
    field: `path:${what}Id`,
  });
}
