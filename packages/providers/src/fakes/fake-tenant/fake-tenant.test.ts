import { describe, expect, it } from 'vitest';
import { parseFakeTenant } from './fake-tenant.js';

describe('parseFakeTenant', () => {
  it('fills defaults: a user has a mailbox and a calendar, no faults, not suspended', () => {
    const tenant = parseFakeTenant({
      domain: 'acme.test',
      users: [{ id: 'a', email: 'a@acme.test' }],
    });
    expect(tenant.users[0]).toMatchObject({
      mailbox: true,
      calendar: true,
      suspended: false,
      faults: [],
      groups: [],
    });
    expect(tenant.latencyMs).toBe(0);
  });

  it('names the field at fault in a bad tenant description', () => {
    expect(() =>
      parseFakeTenant({
        domain: 'acme.test',
        users: [
          {
            id: 'a',
            email: 'a@acme.test',
            faults: [{ kind: 'meteor' as 'timeout', on: 'mailbox' }],
          },
        ],
      }),
    ).toThrow(/users\.0\.faults\.0\.kind/);
  });
});
