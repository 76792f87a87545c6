import type { AccessState, ErrorCode } from '@capture-doctor/domain';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FakeUserInput } from '../fakes/fake-tenant/fake-tenant.js';
import {
  delegatedGoogle,
  fakeServiceAccount,
  startGoogleFake,
} from '../fakes/google-fake/google-fake.js';
import { syncGoogleWorkspace } from './google-reads.js';

const account = fakeServiceAccount('big.test');
const MEMBERS = Number(process.env.PROPERTY_MEMBERS ?? 1_000);

type Fault =
  | 'none'
  | 'no_gmail'
  | 'suspended'
  | 'missing'
  | 'throttled'
  | 'throttled_once'
  | 'server_error'
  | 'malformed'
  | 'timeout'
  | 'reset';
type Expected = { mailbox: AccessState; calendar: AccessState; code: ErrorCode | null };

const EXPECTED: Record<Fault, Expected> = {
  none: { mailbox: 'ok', calendar: 'ok', code: null },
  no_gmail: { mailbox: 'not_found', calendar: 'ok', code: 'mailbox_not_enabled' },
  suspended: { mailbox: 'not_found', calendar: 'not_found', code: 'user_suspended' },
  missing: { mailbox: 'not_found', calendar: 'not_found', code: 'user_not_found' },
  throttled: { mailbox: 'error', calendar: 'ok', code: 'rate_limited' },
  throttled_once: { mailbox: 'ok', calendar: 'ok', code: null },
  server_error: { mailbox: 'ok', calendar: 'error', code: 'service_unavailable' },
  malformed: { mailbox: 'error', calendar: 'ok', code: 'malformed_response' },
  timeout: { mailbox: 'ok', calendar: 'error', code: 'timeout' },
  reset: { mailbox: 'error', calendar: 'error', code: 'connection_reset' },
};

function fakeUser(id: string, fault: Fault): FakeUserInput | null {
  const base = { id, email: `${id}@big.test` };
  switch (fault) {
    case 'none':
      return base;
    case 'no_gmail':
      return { ...base, mailbox: false };
    case 'suspended':
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
      return { ...base, faults: [{ kind: 'connection_reset', on: 'token' }] };
  }
}

const faultArbitrary: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 60, arbitrary: fc.constant<Fault>('none') },
  {
    weight: 4,
    arbitrary: fc.constantFrom<Fault>(
      'no_gmail',
      'suspended',
      'missing',
      'throttled',
      'throttled_once',
      'server_error',
      'malformed',
      'reset',
    ),
  },
  { weight: 1, arbitrary: fc.constant<Fault>('timeout') },
);

describe('Google adapter on a large tenant with random faults', () => {
  beforeAll(async () => {
    // The client libraries load parts of themselves on first use; do it before timing requests out.
    const fake = await startGoogleFake({
      domain: 'big.test',
      users: [{ id: 'admin', email: 'admin@big.test', admin: true }],
      google: delegatedGoogle(account),
    });
    await syncGoogleWorkspace({
      domain: 'big.test',
      credentials: {
        kind: 'service_account',
        clientEmail: account.clientEmail,
        privateKey: account.privateKey,
        adminEmail: 'admin@big.test',
      },
      endpoints: { rootUrl: fake.rootUrl, tokenUrl: fake.tokenUrl },
    });
    await fake.close();
  });

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
          const fake = await startGoogleFake({
            domain: 'big.test',
            users: [{ id: 'admin', email: 'admin@big.test', admin: true }, ...users],
            google: delegatedGoogle(account),
          });
          try {
            const sync = await syncGoogleWorkspace({
              domain: 'big.test',
              credentials: {
                kind: 'service_account',
                clientEmail: account.clientEmail,
                privateKey: account.privateKey,
                adminEmail: 'admin@big.test',
              },
              endpoints: { rootUrl: fake.rootUrl, tokenUrl: fake.tokenUrl },
              members: members.map(({ id, email }) => ({ id, email })),
              timeoutMs: 6_000,
              maxRetryWaitMs: 10,
              concurrency: 16,
            });
            expect(sync.members.map((facts) => facts.id).sort()).toEqual(
              members.map((member) => member.id).sort(),
            );
            const byId = new Map(sync.members.map((facts) => [facts.id, facts]));
            for (const { id, fault } of members) {
              const facts = byId.get(id);
              const expected = EXPECTED[fault];
              expect({
                id,
                fault,
                mailbox: facts?.access.mailbox,
                calendar: facts?.access.calendar,
                code: facts?.lastError?.code ?? null,
              }).toEqual({ id, fault, ...expected });
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
