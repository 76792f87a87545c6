// @internal: a part of the API's own wiring, not used outside apps/api.

/**
 * Whether a GET's `If-None-Match` names the current representation, so the answer is 304 with
 * no body (RFC 9110 §13.1.2: `*`, or a list of entity tags compared weakly, `W/` ignored).
 * @example isNotModified('W/"abc", "def"', '"def"') // true
 */
export function isNotModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || (trimmed.startsWith('W/') ? trimmed.slice(2) : trimmed) === etag;
  });
}
