import type { ErrorCode } from '@capture-doctor/domain';
import { describe, expect, it } from 'vitest';
import { classifyGoogleError } from './google-errors.js';

// Raw answers of PROVIDERS.md that the fake does not produce itself, in the shape gaxios throws them.
const apiError = (status: number, reason: string, message: string) => ({
  status,
  message,
  response: { status, data: { error: { code: status, message, errors: [{ reason, message }] } } },
});
const tokenError = (status: number, error: string, description: string) => ({
  status,
  message: error,
  response: { status, data: { error, error_description: description } },
});

describe('classifyGoogleError', () => {
  const cases: Array<[string, unknown, ErrorCode]> = [
    [
      '403 userRateLimitExceeded',
      apiError(403, 'userRateLimitExceeded', 'User Rate Limit Exceeded'),
      'rate_limited',
    ],
    [
      '403 rateLimitExceeded',
      apiError(403, 'rateLimitExceeded', 'Rate Limit Exceeded'),
      'rate_limited',
    ],
    [
      'Calendar 403 quotaExceeded',
      apiError(403, 'quotaExceeded', 'Calendar usage limits exceeded.'),
      'rate_limited',
    ],
    [
      '403 Delegation denied',
      apiError(403, 'forbidden', 'Delegation denied for ada@acme.test'),
      'access_denied',
    ],
    [
      'token admin_policy_enforced',
      tokenError(400, 'admin_policy_enforced', 'Access blocked by the admin'),
      'admin_policy_enforced',
    ],
    ['token access_denied', tokenError(400, 'access_denied', 'Access denied'), 'access_denied'],
    [
      'token invalid_scope',
      tokenError(400, 'invalid_scope', 'Invalid OAuth scope'),
      'delegation_not_authorized',
    ],
    [
      'token disabled_client',
      tokenError(401, 'disabled_client', 'The OAuth client was disabled.'),
      'app_not_found',
    ],
    [
      'token org_internal',
      tokenError(
        403,
        'org_internal',
        'This client is restricted to users within its organization.',
      ),
      'access_denied',
    ],
    [
      'invalid_grant Not a valid email',
      tokenError(400, 'invalid_grant', 'Not a valid email or user ID.'),
      'user_not_found',
    ],
    [
      'an empty 502',
      { status: 502, message: 'Bad Gateway', response: { status: 502, data: '' } },
      'service_unavailable',
    ],
  ];
  for (const [name, raw, code] of cases) {
    it(`${name} is ${code}, the raw code kept`, () => {
      const failure = classifyGoogleError(raw, 'gmail.profile');
      expect(failure.code).toBe(code);
      expect(failure.source).toBe('gmail.profile');
    });
  }
});
