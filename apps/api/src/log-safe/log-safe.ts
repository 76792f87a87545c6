/**
 * Makes a string safe to write on one log line: control characters (C0, DEL, C1) and the Unicode
 * line and paragraph separators become `\xNN` or `\uNNNN` escapes, so a value a client chose
 * (a path, an id, a provider's answer) cannot start a fake log line or move the terminal's cursor.
 * A backslash is doubled so an escape cannot be faked either.
 * @example logSafe('GET /x\n200 OK') // 'GET /x\\x0a200 OK'
 */
export function logSafe(text: string): string {
  return text.replace(/[\\\p{Cc}\u2028\u2029]/gu, (ch) => {
    if (ch === '\\') return '\\\\';
    const code = ch.charCodeAt(0);
    return code > 0xff
      ? `\\u${code.toString(16).padStart(4, '0')}`
      : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

/**
 * A request path as the log may show it: a consent-page link is its participant's only key to
 * the page, so the token in `/consent/{token}` never reaches a log line. Also made one-line safe.
 * @example loggedPath('/consent/3q2-x…') // '/consent/[token]'
 */
export function loggedPath(path: string): string {
  return logSafe(path.replace(/^\/consent\/[^/?#]*/, '/consent/[token]'));
}
