import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncGoogleWorkspace } from '../../google-workspace/google-reads.js';
import { syncMicrosoft365 } from '../../microsoft-365/microsoft-reads.js';
import type { ProviderRead, ProviderSync } from '../../provider-facts/provider-facts.js';
import { type DemoFakes, startDemoFakes } from './demo-fakes.js';

const facts = (sync: ProviderSync) =>
  Object.fromEntries(
    sync.members.map((member) => [
      member.id,
      [
        member.inScope,
        member.connection,
        member.access.mailbox,
        member.access.calendar,
        member.lastError?.code ?? null,
      ],
    ]),
  );

describe('the demo fakes', () => {
  let demo: DemoFakes;
  beforeAll(async () => {
    demo = await startDemoFakes();
  });
  afterAll(async () => {
    await demo.close();
  });

  it('the Google demo company shows a working member and each Google problem once', async () => {
    const sync = await syncGoogleWorkspace({ ...demo.googleCompanyWide, wait: async () => {} });
    expect(sync.company.health).toBe('ok');
    expect(facts(sync)).toEqual({
      'g-ada': [true, null, 'ok', 'ok', null],
      'g-grace': [true, null, 'not_found', 'ok', 'mailbox_not_enabled'],
      'g-linus': [true, null, 'not_found', 'not_found', 'user_suspended'],
      'g-margaret': [true, null, 'error', 'ok', 'rate_limited'],
      'g-ken': [true, null, 'ok', 'error', 'timeout'],
      'g-barbara': [false, null, 'unknown', 'unknown', null],
      'g-alan': [true, null, 'not_found', 'not_found', 'user_not_found'],
    });
  });

  it('the Microsoft demo companies show each Microsoft problem, company-wide and user-by-user', async () => {
    const wide = await syncMicrosoft365({ ...demo.microsoftCompanyWide, wait: async () => {} });
    expect(facts(wide)).toEqual({
      'm-satya': [true, null, 'ok', 'ok', null],
      'm-amy': [true, null, 'not_found', 'not_found', 'mailbox_not_enabled'],
      'm-brad': [true, null, 'denied', 'denied', 'access_policy_blocked'],
      'm-kevin': [true, null, 'not_found', 'not_found', 'user_suspended'],
      'm-judson': [true, null, 'ok', 'error', 'service_unavailable'],
      'm-scott': [false, null, 'unknown', 'unknown', null],
      'm-ghost': [true, null, 'not_found', 'not_found', 'user_not_found'],
    });
    const byUser = await syncMicrosoft365({ ...demo.microsoftUserByUser, wait: async () => {} });
    expect(facts(byUser)).toEqual({
      'm-satya': [true, 'connected', 'ok', 'ok', null],
      'm-amy': [true, 'revoked', 'unknown', 'unknown', 'token_revoked'],
      'm-brad': [true, 'not_connected', 'unknown', 'unknown', null],
      'm-kevin': [true, 'insufficient_permissions', 'denied', 'ok', 'access_denied'],
      'm-judson': [true, 'connected', 'ok', 'error', 'service_unavailable'],
      'm-scott': [true, 'not_connected', 'unknown', 'unknown', null],
      'm-ghost': [true, 'not_connected', 'unknown', 'unknown', null],
    });
  });
});

describe('the ingestion audit trail of a sync', () => {
  let demo: DemoFakes;
  beforeAll(async () => {
    demo = await startDemoFakes();
  });
  afterAll(async () => {
    await demo.close();
  });

  it('reports every mailbox and calendar read it sends, answered or not, with its member, kind, outcome and item count', async () => {
    const reads: ProviderRead[] = [];
    await syncMicrosoft365({
      ...demo.microsoftCompanyWide,
      wait: async () => {},
      onRead: (read) => {
        reads.push(read);
      },
    });
    expectStartedBeforeEnded(reads);
    const summary = ended(reads)
      .map(
        (read) =>
          `${read.memberId} ${read.resource} ${read.readKind} ${read.outcome} ${read.errorCode} ${read.itemCount}`,
      )
      .sort();
    expect(summary).toEqual([
      'm-amy calendar graph.events failed mailbox_not_enabled 0',
      'm-amy mailbox graph.mailFolders.inbox failed mailbox_not_enabled 0',
      'm-brad calendar graph.events failed access_policy_blocked 0',
      'm-brad mailbox graph.mailFolders.inbox failed access_policy_blocked 0',
      'm-ghost calendar graph.events failed user_not_found 0',
      'm-ghost mailbox graph.mailFolders.inbox failed user_not_found 0',
      'm-judson calendar graph.events failed service_unavailable 0',
      'm-judson mailbox graph.mailFolders.inbox ok null 0',
      'm-satya calendar graph.events ok null 1',
      'm-satya mailbox graph.mailFolders.inbox ok null 0',
    ]);
    expect(reads.every((read) => !Number.isNaN(Date.parse(read.at)))).toBe(true);

    const googleReads: ProviderRead[] = [];
    await syncGoogleWorkspace({
      ...demo.googleCompanyWide,
      wait: async () => {},
      onRead: (read) => {
        googleReads.push(read);
      },
    });
    expectStartedBeforeEnded(googleReads);
    expect(
      ended(googleReads)
        .filter((read) => read.memberId === 'g-ada')
        .map((read) => `${read.resource} ${read.readKind} ${read.outcome} ${read.itemCount}`)
        .sort(),
    ).toEqual(['calendar calendar.events.list ok 1', 'mailbox gmail.users.getProfile ok 0']);
    expect(googleReads.some((read) => read.memberId === 'g-linus')).toBe(false);
  });
});

function ended(reads: readonly ProviderRead[]): ProviderRead[] {
  return reads.filter((read) => read.outcome !== 'started');
}

/** Every read is reported as started, then once more as ended under the same id. */
function expectStartedBeforeEnded(reads: readonly ProviderRead[]): void {
  const ids = reads.map((read) => read.readId);
  for (const end of ended(reads)) {
    const start = ids.indexOf(end.readId);
    expect(reads[start]?.outcome).toBe('started');
    expect(start).toBeLessThan(reads.indexOf(end));
  }
  expect(ended(reads)).toHaveLength(reads.length / 2);
}
