import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { ConnectionEvent } from '../connection-events/connection-events.js';
import { sendConnectionEvent, stateName } from '../send-event/send-event.js';
import {
  at,
  connectionEvents,
  googleTenant,
  microsoftTenant,
} from '../test-support/connection-fixtures.js';
import { connectionDiagram, connectionMachine } from './connection-machine.js';

const start = () => createActor(connectionMachine, { input: { companyId: 'acme' } }).start();

const companyWide = (byProviderAdmin = true): ConnectionEvent => ({
  type: 'CONNECT_COMPANY_WIDE',
  tenant: googleTenant,
  byProviderAdmin,
  scope: { kind: 'whole_company' },
  at,
});

function connectedCompanyWide() {
  const actor = start();
  actor.send({ type: 'CHOOSE_PROVIDER', provider: 'google_workspace', at });
  actor.send(companyWide());
  return actor;
}

function connectedUserByUser(memberIds = ['m1', 'm2']) {
  const actor = start();
  actor.send({ type: 'CHOOSE_PROVIDER', provider: 'google_workspace', at });
  actor.send({ type: 'CONNECT_USER_BY_USER', tenant: googleTenant, memberIds, at });
  return actor;
}

describe('connection machine', () => {
  it('a provider admin connects company-wide for the whole company', () => {
    const s = connectedCompanyWide().getSnapshot();
    expect(stateName(s.value)).toBe('connected.companyWide');
    expect(s.context.tenant).toEqual(googleTenant);
    expect(s.context.scope).toEqual({ kind: 'whole_company' });
  });

  it('someone who is not a provider admin is refused company-wide, with a code and a sentence', () => {
    const actor = start();
    actor.send({ type: 'CHOOSE_PROVIDER', provider: 'google_workspace', at });
    actor.send(companyWide(false));
    const s = actor.getSnapshot();
    expect(stateName(s.value)).toBe('providerChosen');
    expect(s.context.lastRefusal?.code).toBe('not_provider_admin');
    expect(s.context.lastRefusal?.message).toMatch(/user-by-user/);
  });

  it('a second tenant, of either provider, is refused while one is connected', () => {
    const actor = connectedCompanyWide();
    actor.send({ type: 'CONNECT_USER_BY_USER', tenant: microsoftTenant, memberIds: [], at });
    expect(actor.getSnapshot().context.lastRefusal?.code).toBe('second_tenant');
    actor.send({ type: 'CHOOSE_PROVIDER', provider: 'microsoft_365', at });
    expect(actor.getSnapshot().context.tenant).toEqual(googleTenant);
    expect(actor.getSnapshot().context.refusalCount).toBe(2);
  });

  it('a company-wide connection can be limited to chosen groups, never to no group', () => {
    const actor = connectedCompanyWide();
    actor.send({ type: 'SET_SCOPE', scope: { kind: 'groups', groups: ['sales'] }, at });
    expect(actor.getSnapshot().context.scope).toEqual({ kind: 'groups', groups: ['sales'] });
    actor.send({ type: 'SET_SCOPE', scope: { kind: 'groups', groups: [] }, at });
    expect(actor.getSnapshot().context.lastRefusal?.code).toBe('empty_group_scope');
  });

  it('user-by-user sends each member an invitation and tracks connected and revoked members', () => {
    const actor = connectedUserByUser();
    actor.send({ type: 'MEMBER_CONNECTED', memberId: 'm1', at: '2026-11-03T08:00:00Z' });
    actor.send({ type: 'MEMBER_REVOKED', memberId: 'm1', at: '2026-11-04T08:00:00Z' });
    const { members } = actor.getSnapshot().context;
    expect(members.m1).toMatchObject({
      status: 'revoked',
      invitedAt: at,
      changedAt: '2026-11-04T08:00:00Z',
    });
    expect(members.m2?.status).toBe('not_connected');
  });

  it('reminders go to members who have not connected, and are refused for connected ones', () => {
    const actor = connectedUserByUser();
    actor.send({ type: 'REMIND_MEMBER', memberId: 'm2', at: '2026-11-05T08:00:00Z' });
    expect(actor.getSnapshot().context.members.m2?.remindedAt).toEqual(['2026-11-05T08:00:00Z']);
    actor.send({ type: 'MEMBER_CONNECTED', memberId: 'm1', at });
    actor.send({ type: 'REMIND_MEMBER', memberId: 'm1', at });
    expect(actor.getSnapshot().context.lastRefusal?.code).toBe('member_already_connected');
  });

  it('an admin switches company-wide to user-by-user and back; a non-admin cannot switch back', () => {
    const actor = connectedCompanyWide();
    actor.send({ type: 'SWITCH_TO_USER_BY_USER', memberIds: ['m1'], at });
    expect(stateName(actor.getSnapshot().value)).toBe('connected.userByUser');
    actor.send({
      type: 'SWITCH_TO_COMPANY_WIDE',
      byProviderAdmin: false,
      scope: { kind: 'whole_company' },
      at,
    });
    expect(actor.getSnapshot().context.lastRefusal?.code).toBe('not_provider_admin');
    actor.send({
      type: 'SWITCH_TO_COMPANY_WIDE',
      byProviderAdmin: true,
      scope: { kind: 'whole_company' },
      at,
    });
    expect(stateName(actor.getSnapshot().value)).toBe('connected.companyWide');
    expect(actor.getSnapshot().context.members).toEqual({});
  });

  it('email import is refused while no CRM is connected, and stops when the CRM goes', () => {
    const actor = connectedCompanyWide();
    actor.send({ type: 'SET_IMPORT', setting: 'emails', enabled: true, at });
    expect(actor.getSnapshot().context.lastRefusal?.code).toBe('crm_not_connected');
    actor.send({ type: 'CRM_CONNECTED', at });
    actor.send({ type: 'SET_IMPORT', setting: 'emails', enabled: true, at });
    expect(actor.getSnapshot().context.import.emails).toBe(true);
    actor.send({ type: 'CRM_DISCONNECTED', at });
    expect(actor.getSnapshot().context.import.emails).toBe(false);
  });

  it('turning meetings off refuses new recordings and keeps past calls exactly as they were', () => {
    const actor = connectedCompanyWide();
    actor.send({ type: 'SET_IMPORT', setting: 'meetings', enabled: true, at });
    actor.send({ type: 'CALL_RECORDED', callId: 'c1', memberId: 'm1', at });
    const before = structuredClone(actor.getSnapshot().context.pastCalls);
    actor.send({ type: 'SET_IMPORT', setting: 'meetings', enabled: false, at });
    actor.send({ type: 'CALL_RECORDED', callId: 'c2', memberId: 'm1', at });
    expect(actor.getSnapshot().context.lastRefusal?.code).toBe('meetings_import_off');
    expect(actor.getSnapshot().context.pastCalls).toEqual(before);
  });

  it('disconnecting clears the connection and import but keeps past calls', () => {
    const actor = connectedCompanyWide();
    actor.send({ type: 'SET_IMPORT', setting: 'meetings', enabled: true, at });
    actor.send({ type: 'CALL_RECORDED', callId: 'c1', memberId: 'm1', at });
    actor.send({ type: 'DISCONNECT', at });
    const s = actor.getSnapshot();
    expect(stateName(s.value)).toBe('noProvider');
    expect(s.context.tenant).toBeNull();
    expect(s.context.import.meetings).toBe(false);
    expect(s.context.pastCalls.map((c) => c.id)).toEqual(['c1']);
  });

  it('a persisted snapshot survives JSON and restores into an actor that carries on', () => {
    const actor = connectedUserByUser();
    const stored = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
    const restored = createActor(connectionMachine, {
      snapshot: stored,
      input: { companyId: 'acme' },
    }).start();
    restored.send({ type: 'MEMBER_CONNECTED', memberId: 'm2', at });
    expect(stateName(restored.getSnapshot().value)).toBe('connected.userByUser');
    expect(restored.getSnapshot().context.members.m2?.status).toBe('connected');
  });

  it('sendConnectionEvent applies one event to a stored snapshot and reports the refusal', () => {
    const first = sendConnectionEvent(
      null,
      { companyId: 'acme' },
      { type: 'CHOOSE_PROVIDER', provider: 'google_workspace', at },
    );
    expect(first).toMatchObject({ state: 'providerChosen', refusal: null });
    const second = sendConnectionEvent(first.persisted, { companyId: 'acme' }, companyWide(false));
    expect(second.refusal).toMatchObject({
      code: 'not_provider_admin',
      eventType: 'CONNECT_COMPANY_WIDE',
    });
    const third = sendConnectionEvent(second.persisted, { companyId: 'acme' }, companyWide(true));
    expect(third).toMatchObject({ state: 'connected.companyWide', refusal: null });
  });

  it('a stored snapshot that is not a snapshot is rejected with a clear error', () => {
    expect(() =>
      sendConnectionEvent({ foo: 1 }, { companyId: 'acme' }, { type: 'DISCONNECT', at }),
    ).toThrow(/stored snapshot/);
  });

  it('exports a Mermaid diagram generated from the machine', () => {
    const diagram = connectionDiagram();
    expect(diagram.split('\n')[0]).toBe('stateDiagram-v2');
    expect(diagram).toContain('providerChosen --> companyWide : CONNECT_COMPANY_WIDE');
    expect(diagram).toContain('refuses second_tenant');
  });
});

describe('connection machine properties (random event sequences)', () => {
  const events = fc.array(fc.constantFrom(...connectionEvents), { maxLength: 25 });

  it('turning meetings off never deletes or alters a past call', () => {
    fc.assert(
      fc.property(events, (sequence) => {
        const actor = start();
        for (const event of sequence) {
          const before = structuredClone(actor.getSnapshot().context.pastCalls);
          actor.send(event);
          const after = actor.getSnapshot().context.pastCalls;
          expect(after.slice(0, before.length)).toEqual(before);
          if (event.type === 'SET_IMPORT' && event.setting === 'meetings')
            expect(after).toEqual(before);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a company never holds two tenants: another tenant is refused and the first stays', () => {
    fc.assert(
      fc.property(events, (sequence) => {
        const actor = start();
        for (const event of sequence) {
          const before = actor.getSnapshot().context.tenant;
          actor.send(event);
          const after = actor.getSnapshot().context.tenant;
          if (before !== null && event.type !== 'DISCONNECT') expect(after).toEqual(before);
          if (before !== null && 'tenant' in event && event.tenant.id !== before.id) {
            expect(actor.getSnapshot().context.lastRefusal?.code).toBe('second_tenant');
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a non-admin never ends up company-wide', () => {
    fc.assert(
      fc.property(events, (sequence) => {
        const actor = start();
        for (const event of sequence) {
          const wasCompanyWide = actor.getSnapshot().context.mode === 'company_wide';
          actor.send(event);
          const isCompanyWide = actor.getSnapshot().context.mode === 'company_wide';
          if (isCompanyWide && !wasCompanyWide) {
            expect('byProviderAdmin' in event && event.byProviderAdmin).toBe(true);
          }
          if (isCompanyWide)
            expect(actor.getSnapshot().context.connectedByProviderAdmin).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a refused event changes nothing but the refusal itself', () => {
    fc.assert(
      fc.property(events, (sequence) => {
        const actor = start();
        for (const event of sequence) {
          const before = actor.getSnapshot();
          actor.send(event);
          const after = actor.getSnapshot();
          if (after.context.refusalCount > before.context.refusalCount) {
            const { lastRefusal: _a, refusalCount: _b, ...rest } = after.context;
            const { lastRefusal: _c, refusalCount: _d, ...restBefore } = before.context;
            expect(rest).toEqual(restBefore);
            expect(after.value).toEqual(before.value);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
