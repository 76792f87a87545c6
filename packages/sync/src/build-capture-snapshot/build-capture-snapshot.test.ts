import type { ProviderSync } from '@capture-doctor/providers';
import { describe, expect, it } from 'vitest';
import {
  buildCaptureSnapshot,
  type PlatformCompany,
  type PlatformMember,
} from './build-capture-snapshot.js';

const company: PlatformCompany = {
  id: 'acme',
  providerPermissionGranted: true,
  emailAccessAuthorized: true,
  crmConnected: true,
  import: { meetings: true, calendar: true, nonRecordedMeetings: false, emails: true },
};
const settings = {
  recording: true,
  calendarImport: true,
  nonRecordedMeetings: false,
  emailImport: true,
};
const members: PlatformMember[] = [
  { id: 'p1', email: 'one@acme.test', seat: { name: 'Pro', includesRecording: true }, settings },
  { id: 'p2', email: 'Two@acme.test', seat: null, settings },
  { id: 'p3', email: 'three@acme.test', seat: null, settings },
];
const sync: ProviderSync = {
  company: {
    provider: 'microsoft_365',
    connectionMode: 'company_wide',
    tenants: [{ id: 't1', provider: 'microsoft_365' }],
    grantedScopes: ['Mail.Read'],
    health: 'ok',
    lastError: null,
  },
  members: [
    {
      id: 'p1',
      email: 'one@acme.test',
      inScope: true,
      connection: null,
      access: { mailbox: 'ok', calendar: 'ok' },
      lastError: null,
    },
    {
      id: 'directory-2',
      email: 'two@acme.test',
      inScope: true,
      connection: null,
      access: { mailbox: 'denied', calendar: 'denied' },
      lastError: { code: 'access_denied', message: 'Access is denied.' },
    },
  ],
};

describe('buildCaptureSnapshot', () => {
  it('joins platform members with provider facts by id, then by email, into a valid snapshot', () => {
    const snapshot = buildCaptureSnapshot(company, members, sync, new Date('2026-01-01T00:00:00Z'));
    expect(snapshot.takenAt).toBe('2026-01-01T00:00:00.000Z');
    expect(snapshot.company).toMatchObject({
      id: 'acme',
      provider: 'microsoft_365',
      grantedScopes: ['Mail.Read'],
      health: 'ok',
    });
    expect(
      snapshot.members.map((member) => [
        member.id,
        member.access.mailbox,
        member.lastError?.code ?? null,
      ]),
    ).toEqual([
      ['p1', 'ok', null],
      ['p2', 'denied', 'access_denied'],
      ['p3', 'unknown', null],
    ]);
  });

  it('a member the adapter never reached stays unknown, never ok', () => {
    const snapshot = buildCaptureSnapshot(company, members, { ...sync, members: [] });
    expect(
      snapshot.members.every(
        (member) => member.access.mailbox === 'unknown' && member.access.calendar === 'unknown',
      ),
    ).toBe(true);
  });

  it('the permission given on the company settings page comes from the platform, never from the provider', () => {
    expect(
      buildCaptureSnapshot({ ...company, providerPermissionGranted: false }, members, sync).company
        .providerPermissionGranted,
    ).toBe(false);
    expect(buildCaptureSnapshot(company, members, sync).company.providerPermissionGranted).toBe(
      true,
    );
  });
});
