import type { z } from 'zod';

/** One schema problem, with the path inside the document written the way a person reads it. */
export interface SchemaProblem {
  path: string;
  message: string;
}

/**
 * Turns zod issues into readable problems, e.g. `members[2].access.mailbox: expected one of ...`.
 * @example formatIssues(result.error.issues)[0]?.path // "company.provider"
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): SchemaProblem[] {
  return issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

/** Renders a zod path as `a.b[3].c`; the document root is `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}
