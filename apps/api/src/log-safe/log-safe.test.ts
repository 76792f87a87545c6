import { describe, expect, it } from 'vitest';
import { loggedPath, logSafe } from './log-safe.js';

describe('logSafe', () => {
  it('escapes line breaks, terminal escapes, separators and backslashes, and keeps the rest', () => {
    expect(logSafe('GET /x\r\n200 OK')).toBe('GET /x\\x0d\\x0a200 OK');
    expect(logSafe('\u001b[2Jred\u0000\u007f\u0085')).toBe('\\x1b[2Jred\\x00\\x7f\\x85');
    expect(logSafe('a\u2028b\u2029c')).toBe('a\\u2028b\\u2029c');
    expect(logSafe('fake \\x0a escape')).toBe('fake \\\\x0a escape');
    expect(logSafe('GET /v1/companies/démo 200 1.2ms')).toBe('GET /v1/companies/démo 200 1.2ms');
  });
});

describe('loggedPath', () => {
  it('keeps a consent-page token out of the log, and the rest of the path as it came', () => {
    expect(loggedPath('/consent/Zm9vYmFyYmF6cXV4LXNlY3JldC10b2tlbi0xMjM0NTY3OA')).toBe(
      '/consent/[token]',
    );
    expect(loggedPath('/consent/abc%0a/more')).toBe('/consent/[token]/more');
    expect(loggedPath('/v1/companies/demo/outbox')).toBe('/v1/companies/demo/outbox');
    expect(loggedPath('/v1/x%0a\n')).toBe('/v1/x%0a\\x0a');
  });
});
