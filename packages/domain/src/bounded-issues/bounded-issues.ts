import type { z } from 'zod';
import { formatPath, type SchemaProblem } from '../format-issues/format-issues.js';

/** How much of a refusal is kept: enough to fix the input, never proportional to its size. */
export const ISSUE_LIMITS = { issues: 30, messageChars: 300, fieldChars: 200 } as const;

/**
 * Like formatIssues, but the answer stays small whatever the input: at most 30 problems, each
 * message and field cut to a few hundred characters, and an object's unknown keys named in one
 * problem (the first key as the field, the others listed until the message is full, then counted).
 * A body with 300,000 unknown keys made the unbounded list grow as N².
 * @example boundedIssues(result.error.issues)[0] // { path: 'k0', message: 'unknown keys: "k0", "k1", … and 299,990 more' }
 */
export function boundedIssues(issues: readonly z.core.$ZodIssue[]): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const issue of issues) {
    if (problems.length === ISSUE_LIMITS.issues) break;
    if (issue.code === 'unrecognized_keys') {
      const first = issue.keys[0] ?? '';
      problems.push({
        path: cut(formatPath([...issue.path, first]), ISSUE_LIMITS.fieldChars),
        message: unknownKeysMessage(issue.keys),
      });
    } else {
      problems.push({
        path: cut(formatPath(issue.path), ISSUE_LIMITS.fieldChars),
        message: cut(issue.message, ISSUE_LIMITS.messageChars),
      });
    }
  }
  const left = issues.length - problems.length;
  if (left > 0) problems.push({ path: '(root)', message: `and ${count(left)} more problems` });
  return problems;
}

function unknownKeysMessage(keys: readonly string[]): string {
  const head = keys.length === 1 ? 'unknown key: ' : 'unknown keys: ';
  let listed = '';
  let shown = 0;
  for (const key of keys) {
    const item = `${shown ? ', ' : ''}${JSON.stringify(cut(key, 40))}`;
    // Room is kept for the count that says how many were left out.
    if (head.length + listed.length + item.length > ISSUE_LIMITS.messageChars - 30) break;
    listed += item;
    shown += 1;
  }
  const left = keys.length - shown;
  return `${head}${listed}${left ? `${shown ? ' … and' : ''} ${count(left)} more` : ''}`;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
