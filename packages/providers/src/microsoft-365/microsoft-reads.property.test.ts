import type { AccessState, ErrorCode } from '@capture-doctor/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FakeUserInput } from '../fakes/fake-tenant/fake-tenant.js';
import { startMicrosoftFake } from '../fakes/microsoft-fake/microsoft-fake.js';
import { syncMicrosoft365 } from './microsoft-reads.js';
import { MICROSOFT_APP_ROLES } from './microsoft-scopes.js';

const MEMBERS = Number(process.env.PROPERTY_MEMBERS ?? 3_000);
const TENANT_ID = '0b8c1e4f-1111-4222-8333-944455556666';
const CLIENT_ID = '6a1d7c2e-aaaa-4bbb-8ccc-ddddeeeeffff';
const SECRET = 'Q~fake-client-secret-value-0123456789';

type Fault =
  | 'none'
  | 'no_mailbox'
  | 'disabled'
  | 'missing'
  | 'outside_policy'
  | 'throttled'
  | 'throttled_once'
  | 'server_error'
  | 'malformed'
  | 'timeout'
  | 'reset';
type Expected = { mailbox: AccessState; calendar: AccessState; code: ErrorCode | null };

// A fault that breaks the whole HTTP answer (timeout, malformed, reset) breaks both probes of the
// member, as both travel in the same $batch; the other members of that batch stay unharmed.
const EXPECTED: Record<Fault, Expected> = {
  none: { mailbox: 'ok', calendar: 'ok', code: null },
  no_mailbox: { mailbox: 'not_found', calendar: 'not_found', code: 'mailbox_not_enabled' },
  disabled: { mailbox: 'not_found', calendar: 'not_found', code: 'user_suspended' },
  missing: { mailbox: 'not_found', calendar: 'not_found', code: 'user_not_found' },
  outside_policy: { mailbox: 'denied', calendar: 'denied', code: 'access_policy_blocked' },
  throttled: { mailbox: 'error', calendar: 'ok', code: 'rate_limited' },
  throttled_once: { mailbox: 'ok', calendar: 'ok', code: null },
  server_error: { mailbox: 'ok', calendar: 'error', code: 'service_unavailable' },
  malformed: { mailbox: 'error', calendar: 'error', code: 'malformed_response' },
  timeout: { mailbox: 'error', calendar: 'error', code: 'timeout' },
  reset: { mailbox: 'error', calendar: 'error', code: 'connection_reset' },
};

function fakeUser(id: string, fault: Fault): FakeUserInput | null {
  const base = { id, email: `${id}@big.test` };
  switch (fault) {
    case 'none':
    case 'outside_policy':
      return base;
    case 'no_mailbox':
      return { ...base, mailbox: false };
    case 'disabled':
      return { ...base, suspended: true };
    case 'missing':
      return null;
    case 'throttled':
      return { ...base, faults: [{ kind: 'rate_limited', on: 'mailbox', retryAfterSeconds: 0 }] };
    case 'throttled_once':
      return {
        ...base,
        faults: [{ kind: 'rate_limited', on: 'calendar', times: 1, retryAfterSeconds: 0 }],
      };
    case 'server_error':
      return { ...base, faults: [{ kind: 'server_error', on: 'calendar' }] };
    case 'malformed':
      return { ...base, faults: [{ kind: 'malformed', on: 'mailbox' }] };
    case 'timeout':
      return { ...base, faults: [{ kind: 'timeout', on: 'calendar' }] };
    case 'reset':
      return { ...base, faults: [{ kind: 'connection_reset', on: 'mailbox' }] };
  }
}

const faultArbitrary: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 120, arbitrary: fc.constant<Fault>('none') },
  {
    weight: 6,
    arbitrary: fc.constantFrom<Fault>(
      'no_mailbox',
      'disabled',
      'missing',
      'outside_policy',
      'throttled',
      'throttled_once',
      'server_error',
      'malformed',
      'reset',
    ),
  },
  { weight: 1, arbitrary: fc.constant<Fault>('timeout') },
);

describe('Microsoft adapter on a large tenant with random faults', () => {
  it('every member appears exactly once, with the facts its injected fault implies, and none ok whose probe failed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(faultArbitrary, { minLength: MEMBERS, maxLength: MEMBERS }),
        async (faults) => {
          const members = faults.map((fault, index) => ({
            id: `u${index}`,
            email: `u${index}@big.test`,
            fault,
          }));
          const users = members
            .map(({ id, fault }) => fakeUser(id, fault))
            .filter((user): user is FakeUserInput => user !== null);
          const fake = await startMicrosoftFake({
            domain: 'big.test',
            users,
            microsoft: {
              tenantId: TENANT_ID,
              app: { clientId: CLIENT_ID, secret: SECRET, roles: MICROSOFT_APP_ROLES },
              accessPolicy: {
                allowedUserIds: members
                  .filter(({ fault }) => fault !== 'outside_policy')
                  .map(({ id }) => id),
              },
            },
          });
          try {
            const sync = await syncMicrosoft365({
              credentials: {
                kind: 'client_secret',
                tenantId: TENANT_ID,
                clientId: CLIENT_ID,
                clientSecret: SECRET,
              },
              endpoints: { loginUrl: fake.loginUrl, graphUrl: fake.graphUrl, ca: fake.ca },
              members: members.map(({ id, email }) => ({ id, email })),
              timeoutMs: 1_500,
              maxRetryWaitMs: 10,
            });
            expect(sync.members.map((facts) => facts.id).sort()).toEqual(
              members.map((member) => member.id).sort(),
            );
            const byId = new Map(sync.members.map((facts) => [facts.id, facts]));
            for (const { id, fault } of members) {
              const facts = byId.get(id);
              expect({
                id,
                fault,
                mailbox: facts?.access.mailbox,
                calendar: facts?.access.calendar,
                code: facts?.lastError?.code ?? null,
              }).toEqual({ id, fault, ...EXPECTED[fault] });
            }
            expect(sync.company.health).toBe('ok');
          } finally {
            await fake.close();
          }
        },
      ),
      { numRuns: 1, endOnFailure: true },
    );
  }, 120_000);
});
