import { ServerError } from '@azure/msal-node';
import type { ErrorCode } from '@capture-doctor/domain';
import { describe, expect, it } from 'vitest';
import { classifyMicrosoftError } from './microsoft-errors.js';

// AADSTS codes of PROVIDERS.md that the fake does not produce itself, as MSAL raises them.
const aadsts = (error: string, number: string, text: string, status = 400) =>
  new ServerError(error, 'corr-1', `AADSTS${number}: ${text}`, undefined, number, status);

describe('classifyMicrosoftError', () => {
  const cases: Array<[unknown, ErrorCode, string]> = [
    [
      aadsts(
        'invalid_grant',
        '70008',
        'The provided authorization code or refresh token has expired due to inactivity.',
      ),
      'token_revoked',
      'AADSTS70008',
    ],
    [
      aadsts('invalid_grant', '53003', 'Access has been blocked by Conditional Access policies.'),
      'admin_policy_enforced',
      'AADSTS53003',
    ],
    [
      aadsts('invalid_client', '7000215', 'Invalid client secret provided.', 401),
      'invalid_client_secret',
      'AADSTS7000215',
    ],
    [
      aadsts('temporarily_unavailable', '90033', 'A transient error has occurred.', 503),
      'service_unavailable',
      'AADSTS90033',
    ],
  ];
  for (const [raw, code, providerCode] of cases) {
    it(`${providerCode} is ${code}`, () => {
      expect(classifyMicrosoftError(raw, 'token')).toMatchObject({
        code,
        providerCode,
        source: 'token',
      });
    });
  }
});
