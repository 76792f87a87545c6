import type { ProviderCompanyFacts, ProviderMemberFacts } from '@capture-doctor/providers';
import { describe, expect, it } from 'vitest';
import { mergeCompanyFacts } from './merge-company-facts.js';

const timeout = { code: 'timeout', message: 'timed out', source: 'calendar.events' } as const;
const company: ProviderCompanyFacts = {
  provider: 'google_workspace',
  connectionMode: 'company_wide',
  tenants: [{ id: 'acme.test', provider: 'google_workspace' }],
  grantedScopes: ['https://www.googleapis.com/auth/admin.directory.user.readonly'],
  health: 'connectivity_error',
  lastError: timeout,
};
const member = (id: string, over: Partial<ProviderMemberFacts> = {}): ProviderMemberFacts => ({
  id,
  email: `${id}@acme.test`,
  inScope: true,
  connection: null,
  access: { mailbox: 'ok', calendar: 'ok' },
  lastError: null,
  ...over,
});

describe('mergeCompanyFacts', () => {
  it('a resumed run whose remaining members all timed out does not call the whole provider unreachable', () => {
    const failing = member('b', {
      access: { mailbox: 'error', calendar: 'error' },
      lastError: timeout,
    });
    const merged = mergeCompanyFacts({
      current: company,
      currentMembers: [failing],
      earlierMembers: [member('a')],
      earlier: null,
    });
    expect(merged.health).toBe('ok');
    expect(merged.lastError).toBeNull();
    // Ada's reads, made by the earlier run, prove the delegated read scopes.
    expect(merged.grantedScopes).toEqual([
      'https://www.googleapis.com/auth/admin.directory.user.readonly',
      'https://www.googleapis.com/auth/calendar.readonly',
      'https://www.googleapis.com/auth/gmail.readonly',
    ]);
  });

  it('a failure of the company itself (its directory) stands whatever the members say', () => {
    const directory = {
      code: 'access_denied',
      message: 'Not Authorized',
      source: 'directory.users',
    } as const;
    const merged = mergeCompanyFacts({
      current: { ...company, health: 'ok', lastError: directory },
      currentMembers: [member('b')],
      earlierMembers: [member('a')],
      earlier: null,
    });
    expect(merged.lastError).toEqual(directory);
  });

  it('a run that resumed nothing keeps the adapter facts as they are', () => {
    const merged = mergeCompanyFacts({
      current: company,
      currentMembers: [],
      earlierMembers: [],
      earlier: null,
    });
    expect(merged).toBe(company);
  });
});
