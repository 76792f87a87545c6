import type { Report } from '@capture-doctor/domain';
import { createEvaluator, loadCaptureRules } from '@capture-doctor/engine';
import { type ProviderSync, providerModule } from '@capture-doctor/providers';
import {
  type DemoFakes,
  startDemoFakes,
  startMicrosoftFake,
} from '@capture-doctor/providers/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildCaptureSnapshot,
  type PlatformCompany,
  type PlatformMember,
} from './build-capture-snapshot.js';

const evaluator = createEvaluator(loadCaptureRules());
const company: PlatformCompany = {
  id: 'demo',
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
const seat = { name: 'Business', includesRecording: true };

function evaluate(sync: ProviderSync, members: Array<{ id: string; email: string }>): Report {
  const platform: PlatformMember[] = members.map(({ id, email }) => ({
    id,
    email,
    seat,
    settings,
  }));
  return evaluator.evaluateSnapshot(buildCaptureSnapshot(company, platform, sync));
}

/** Per member: its icon colours and the ids of the rules that fired, sorted. */
function outcome(report: Report): Record<string, string> {
  return Object.fromEntries(
    report.members.map((member) => [
      member.id,
      `${member.icons.microphone}/${member.icons.calendar}/${member.icons.email} ${[...new Set(member.findings.map((finding) => finding.ruleId))].sort().join(',')}`,
    ]),
  );
}

describe('provider errors through the capture rules', () => {
  let demo: DemoFakes;
  beforeAll(async () => {
    demo = await startDemoFakes();
  });
  afterAll(async () => {
    await demo.close();
  });

  it('each Google demo member gets the rule and colours its provider answer implies', async () => {
    const input = demo.googleCompanyWide;
    const report = evaluate(
      await providerModule('google_workspace').sync({ ...input, wait: async () => {} }),
      [...(input.members ?? [])],
    );
    expect(outcome(report)).toEqual({
      'g-ada': 'green/green/green ',
      'g-grace': 'green/green/yellow mailbox-not-available',
      'g-linus': 'yellow/yellow/yellow calendar-not-available,mailbox-not-available',
      // A failed read colours the microphone and its own icon only.
      'g-margaret': 'red/green/red provider-connectivity-problem',
      'g-ken': 'red/red/green provider-connectivity-problem',
      'g-barbara': 'yellow/yellow/yellow member-outside-connection-scope',
      'g-alan': 'yellow/yellow/yellow calendar-not-available,mailbox-not-available',
    });
  });

  it('each Microsoft demo member gets the rule and colours its provider answer implies, company-wide and user-by-user', async () => {
    const wide = demo.microsoftCompanyWide;
    expect(
      outcome(
        evaluate(await providerModule('microsoft_365').sync({ ...wide, wait: async () => {} }), [
          ...(wide.members ?? []),
        ]),
      ),
    ).toEqual({
      'm-satya': 'green/green/green ',
      'm-amy': 'yellow/yellow/yellow calendar-not-available,mailbox-not-available',
      'm-brad': 'yellow/yellow/yellow access-blocked-by-policy',
      'm-kevin': 'yellow/yellow/yellow calendar-not-available,mailbox-not-available',
      'm-judson': 'red/red/green provider-connectivity-problem',
      'm-scott': 'yellow/yellow/yellow member-outside-connection-scope',
      'm-ghost': 'yellow/yellow/yellow calendar-not-available,mailbox-not-available',
    });
    const byUser = demo.microsoftUserByUser;
    const report = evaluate(
      await providerModule('microsoft_365').sync({ ...byUser, wait: async () => {} }),
      [...(byUser.members ?? [])],
    );
    expect(outcome(report)).toMatchObject({
      'm-satya': 'green/green/green ',
      'm-amy': expect.stringContaining('user-connection-broken'),
      'm-kevin': expect.stringContaining('user-connection-broken'),
      'm-brad': expect.stringContaining('members-not-connected'),
    });
    expect(report.members.find((member) => member.id === 'm-amy')?.icons).not.toMatchObject({
      email: 'green',
    });
  });

  it('an app the tenant does not let in turns every member red with provider-authorization-failed', async () => {
    const fake = await startMicrosoftFake({
      domain: 'acme.test',
      users: [{ id: 'a', email: 'a@acme.test' }],
      microsoft: {
        tenantId: 't-1',
        app: {
          clientId: 'c-1',
          secret: 'secret-value-0001',
          secretExpired: true,
          roles: ['Mail.Read', 'Calendars.Read'],
        },
      },
    });
    try {
      const sync = await providerModule('microsoft_365').sync({
        credentials: {
          kind: 'client_secret',
          tenantId: 't-1',
          clientId: 'c-1',
          clientSecret: 'secret-value-0001',
        },
        endpoints: { loginUrl: fake.loginUrl, graphUrl: fake.graphUrl, ca: fake.ca },
        members: [{ id: 'a', email: 'a@acme.test' }],
      });
      expect(outcome(evaluate(sync, [{ id: 'a', email: 'a@acme.test' }]))).toEqual({
        a: 'red/red/red provider-authorization-failed',
      });
    } finally {
      await fake.close();
    }
  });

  it('an unreachable provider turns every member red with provider-connectivity-problem, none green, none missing', async () => {
    const fake = await startMicrosoftFake({
      domain: 'acme.test',
      users: [],
      microsoft: {
        tenantId: 't-1',
        app: { clientId: 'c-1', secret: 'secret-value-0001', roles: [] },
      },
    });
    const endpoints = { loginUrl: fake.loginUrl, graphUrl: fake.graphUrl, ca: fake.ca };
    await fake.close();
    const members = [
      { id: 'a', email: 'a@acme.test' },
      { id: 'b', email: 'b@acme.test' },
    ];
    const sync = await providerModule('microsoft_365').sync({
      credentials: {
        kind: 'client_secret',
        tenantId: 't-1',
        clientId: 'c-1',
        clientSecret: 'secret-value-0001',
      },
      endpoints,
      members,
    });
    expect(outcome(evaluate(sync, members))).toEqual({
      a: 'red/red/red provider-connectivity-problem',
      b: 'red/red/red provider-connectivity-problem',
    });
  });
});
