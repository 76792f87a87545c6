import type {
  ConnectionMode,
  ImportSettings,
  Provider,
  ProviderTenant,
} from '@capture-doctor/domain';
import { assertEvent, assign, setup } from 'xstate';
import type { ConnectionEvent, ConnectionScope } from '../connection-events/connection-events.js';
import { type DiagramOptions, mermaidDiagram } from '../mermaid-diagram/mermaid-diagram.js';
import {
  type ConnectionRefusalCode,
  connectionRefusal,
  type Refusal,
} from '../refusals/refusals.js';

/** A member's own connection in a user-by-user setup. */
export interface MemberInvitation {
  status: 'not_connected' | 'connected' | 'revoked';
  invitedAt: string;
  changedAt: string;
  remindedAt: string[];
}

/** A call that was recorded; the connection machine never changes one once it is here. */
export interface PastCall {
  id: string;
  memberId: string;
  at: string;
}

export interface ConnectionContext {
  companyId: string;
  provider: Provider | null;
  tenant: ProviderTenant | null;
  mode: ConnectionMode | null;
  connectedByProviderAdmin: boolean | null;
  scope: ConnectionScope | null;
  members: Record<string, MemberInvitation>;
  crmConnected: boolean;
  import: ImportSettings;
  pastCalls: PastCall[];
  lastRefusal: Refusal<ConnectionRefusalCode> | null;
  refusalCount: number;
}

export interface ConnectionInput {
  companyId: string;
  crmConnected?: boolean;
}

const importOff: ImportSettings = {
  meetings: false,
  calendar: false,
  nonRecordedMeetings: false,
  emails: false,
};

const refuse = (code: ConnectionRefusalCode) => ({ type: 'refuse', params: { code } }) as const;

/** One refusal for each of several events a state cannot take. */
const refuseEach = <E extends ConnectionEvent['type']>(
  code: ConnectionRefusalCode,
  events: readonly E[],
) =>
  Object.fromEntries(events.map((type) => [type, { actions: refuse(code) }])) as Record<
    E,
    { actions: ReturnType<typeof refuse> }
  >;

// Events about members only make sense for a user-by-user connection.
const memberEvents = [
  'INVITE_MEMBER',
  'MEMBER_CONNECTED',
  'MEMBER_REVOKED',
  'REMIND_MEMBER',
] as const;

const eventTenant = (event: ConnectionEvent): ProviderTenant | null =>
  'tenant' in event ? event.tenant : null;

const eventScope = (event: ConnectionEvent): ConnectionScope | null =>
  'scope' in event ? event.scope : null;

const eventMember = (event: ConnectionEvent): string | null =>
  'memberId' in event ? event.memberId : null;

const invitations = (memberIds: readonly string[], at: string): Record<string, MemberInvitation> =>
  Object.fromEntries(
    memberIds.map((id) => [
      id,
      { status: 'not_connected', invitedAt: at, changedAt: at, remindedAt: [] },
    ]),
  );

const setMember = (
  context: ConnectionContext,
  memberId: string,
  change: Partial<MemberInvitation>,
): Record<string, MemberInvitation> => {
  const current = context.members[memberId];
  if (!current) return context.members;
  return { ...context.members, [memberId]: { ...current, ...change } };
};

/**
 * The connection lifecycle of one company: the only authority on which configuration change
 * is allowed. A refused event leaves the configuration as it was and sets `lastRefusal`
 * (and increments `refusalCount`), with a reason code and a readable sentence.
 * @example createActor(connectionMachine, { input: { companyId: 'acme' } }).start()
 */
export const connectionMachine = setup({
  types: {
    context: {} as ConnectionContext,
    events: {} as ConnectionEvent,
    input: {} as ConnectionInput,
  },
  guards: {
    tenantOfOtherProvider: ({ context, event }) =>
      eventTenant(event)?.provider !== context.provider,
    notProviderAdmin: ({ event }) => 'byProviderAdmin' in event && !event.byProviderAdmin,
    groupScopeEmpty: ({ event }) => {
      const scope = eventScope(event);
      return scope?.kind === 'groups' && scope.groups.length === 0;
    },
    sameTenant: ({ context, event }) => {
      const tenant = eventTenant(event);
      return (
        tenant !== null &&
        context.tenant?.id === tenant.id &&
        context.tenant.provider === tenant.provider
      );
    },
    emailsWithoutCrm: ({ context, event }) =>
      event.type === 'SET_IMPORT' &&
      event.setting === 'emails' &&
      event.enabled &&
      !context.crmConnected,
    meetingsImportOff: ({ context }) => !context.import.meetings,
    memberInvited: ({ context, event }) => Object.hasOwn(context.members, eventMember(event) ?? ''),
    memberNotInvited: ({ context, event }) =>
      !Object.hasOwn(context.members, eventMember(event) ?? ''),
    memberConnected: ({ context, event }) =>
      context.members[eventMember(event) ?? '']?.status === 'connected',
    memberNotConnected: ({ context, event }) =>
      context.members[eventMember(event) ?? '']?.status !== 'connected',
  },
  actions: {
    refuse: assign(({ context, event }, params: { code: ConnectionRefusalCode }) => ({
      lastRefusal: connectionRefusal(params.code, event.type),
      refusalCount: context.refusalCount + 1,
    })),
    chooseProvider: assign(({ event }) => {
      assertEvent(event, 'CHOOSE_PROVIDER');
      return { provider: event.provider };
    }),
    connectCompanyWide: assign(({ event }) => {
      assertEvent(event, ['CONNECT_COMPANY_WIDE', 'SWITCH_TO_COMPANY_WIDE']);
      return {
        ...(event.type === 'CONNECT_COMPANY_WIDE' ? { tenant: event.tenant } : {}),
        mode: 'company_wide' as const,
        connectedByProviderAdmin: true,
        scope: event.scope,
        members: {},
      };
    }),
    connectUserByUser: assign(({ context, event }) => {
      assertEvent(event, ['CONNECT_USER_BY_USER', 'SWITCH_TO_USER_BY_USER']);
      return {
        tenant: event.type === 'CONNECT_USER_BY_USER' ? event.tenant : context.tenant,
        mode: 'user_by_user' as const,
        // Someone who is not a provider admin may connect user-by-user, so it proves nothing.
        connectedByProviderAdmin: null,
        scope: null,
        members: invitations(event.memberIds, event.at),
      };
    }),
    setScope: assign(({ event }) => {
      assertEvent(event, 'SET_SCOPE');
      return { scope: event.scope };
    }),
    invite: assign(({ context, event }) => {
      assertEvent(event, 'INVITE_MEMBER');
      return { members: { ...context.members, ...invitations([event.memberId], event.at) } };
    }),
    markConnected: assign(({ context, event }) => {
      assertEvent(event, 'MEMBER_CONNECTED');
      return {
        members: setMember(context, event.memberId, { status: 'connected', changedAt: event.at }),
      };
    }),
    markRevoked: assign(({ context, event }) => {
      assertEvent(event, 'MEMBER_REVOKED');
      return {
        members: setMember(context, event.memberId, { status: 'revoked', changedAt: event.at }),
      };
    }),
    remind: assign(({ context, event }) => {
      assertEvent(event, 'REMIND_MEMBER');
      const reminded = context.members[event.memberId]?.remindedAt ?? [];
      return {
        members: setMember(context, event.memberId, { remindedAt: [...reminded, event.at] }),
      };
    }),
    setImport: assign(({ context, event }) => {
      assertEvent(event, 'SET_IMPORT');
      return { import: { ...context.import, [event.setting]: event.enabled } };
    }),
    connectCrm: assign({ crmConnected: true }),
    // Email import needs a CRM, so losing the CRM turns email import off with it.
    disconnectCrm: assign(({ context }) => ({
      crmConnected: false,
      import: { ...context.import, emails: false },
    })),
    recordCall: assign(({ context, event }) => {
      assertEvent(event, 'CALL_RECORDED');
      return {
        pastCalls: [
          ...context.pastCalls,
          { id: event.callId, memberId: event.memberId, at: event.at },
        ],
      };
    }),
    disconnect: assign({
      provider: null,
      tenant: null,
      mode: null,
      connectedByProviderAdmin: null,
      scope: null,
      members: {},
      import: importOff,
    }),
  },
}).createMachine({
  id: 'connection',
  context: ({ input }) => ({
    companyId: input.companyId,
    provider: null,
    tenant: null,
    mode: null,
    connectedByProviderAdmin: null,
    scope: null,
    members: {},
    crmConnected: input.crmConnected ?? false,
    import: importOff,
    pastCalls: [],
    lastRefusal: null,
    refusalCount: 0,
  }),
  initial: 'noProvider',
  on: {
    CRM_CONNECTED: { actions: 'connectCrm' },
    CRM_DISCONNECTED: { actions: 'disconnectCrm' },
    CHOOSE_PROVIDER: { actions: refuse('second_tenant') },
    CONNECT_COMPANY_WIDE: { actions: refuse('provider_not_chosen') },
    CONNECT_USER_BY_USER: { actions: refuse('provider_not_chosen') },
    ...refuseEach('not_connected', [
      'SET_SCOPE',
      'SWITCH_TO_USER_BY_USER',
      'SWITCH_TO_COMPANY_WIDE',
      ...memberEvents,
      'SET_IMPORT',
      'CALL_RECORDED',
      'DISCONNECT',
    ]),
  },
  states: {
    noProvider: {
      description: 'No provider tenant is connected.',
      on: {
        CHOOSE_PROVIDER: { target: 'providerChosen', actions: 'chooseProvider' },
      },
    },
    providerChosen: {
      description: 'A provider is chosen; nothing is connected yet.',
      on: {
        CHOOSE_PROVIDER: { actions: 'chooseProvider' },
        CONNECT_COMPANY_WIDE: [
          { guard: 'tenantOfOtherProvider', actions: refuse('tenant_provider_mismatch') },
          { guard: 'notProviderAdmin', actions: refuse('not_provider_admin') },
          { guard: 'groupScopeEmpty', actions: refuse('empty_group_scope') },
          { target: 'connected.companyWide', actions: 'connectCompanyWide' },
        ],
        CONNECT_USER_BY_USER: [
          { guard: 'tenantOfOtherProvider', actions: refuse('tenant_provider_mismatch') },
          { target: 'connected.userByUser', actions: 'connectUserByUser' },
        ],
        DISCONNECT: { target: 'noProvider', actions: 'disconnect' },
      },
    },
    connected: {
      description: 'Exactly one provider tenant is connected.',
      initial: 'companyWide',
      on: {
        CONNECT_COMPANY_WIDE: [
          { guard: 'sameTenant', actions: refuse('already_connected') },
          { actions: refuse('second_tenant') },
        ],
        CONNECT_USER_BY_USER: [
          { guard: 'sameTenant', actions: refuse('already_connected') },
          { actions: refuse('second_tenant') },
        ],
        SET_IMPORT: [
          { guard: 'emailsWithoutCrm', actions: refuse('crm_not_connected') },
          { actions: 'setImport' },
        ],
        CALL_RECORDED: [
          { guard: 'meetingsImportOff', actions: refuse('meetings_import_off') },
          { actions: 'recordCall' },
        ],
        DISCONNECT: { target: 'noProvider', actions: 'disconnect' },
        SET_SCOPE: { actions: refuse('not_company_wide') },
        SWITCH_TO_USER_BY_USER: { actions: refuse('already_user_by_user') },
        SWITCH_TO_COMPANY_WIDE: { actions: refuse('already_company_wide') },
        ...refuseEach('not_user_by_user', memberEvents),
      },
      states: {
        companyWide: {
          description:
            'A provider admin granted read-only access for the company or chosen groups.',
          on: {
            SET_SCOPE: [
              { guard: 'groupScopeEmpty', actions: refuse('empty_group_scope') },
              { actions: 'setScope' },
            ],
            SWITCH_TO_USER_BY_USER: { target: 'userByUser', actions: 'connectUserByUser' },
          },
        },
        userByUser: {
          description: 'Each invited member connects their own account.',
          on: {
            SWITCH_TO_COMPANY_WIDE: [
              { guard: 'notProviderAdmin', actions: refuse('not_provider_admin') },
              { guard: 'groupScopeEmpty', actions: refuse('empty_group_scope') },
              { target: 'companyWide', actions: 'connectCompanyWide' },
            ],
            INVITE_MEMBER: [
              { guard: 'memberInvited', actions: refuse('member_already_invited') },
              { actions: 'invite' },
            ],
            MEMBER_CONNECTED: [
              { guard: 'memberNotInvited', actions: refuse('unknown_member') },
              { actions: 'markConnected' },
            ],
            MEMBER_REVOKED: [
              { guard: 'memberNotInvited', actions: refuse('unknown_member') },
              { guard: 'memberNotConnected', actions: refuse('member_not_connected') },
              { actions: 'markRevoked' },
            ],
            REMIND_MEMBER: [
              { guard: 'memberNotInvited', actions: refuse('unknown_member') },
              { guard: 'memberConnected', actions: refuse('member_already_connected') },
              { actions: 'remind' },
            ],
          },
        },
      },
    },
  },
});

export type ConnectionMachine = typeof connectionMachine;

/**
 * The connection machine as a Mermaid state diagram, for the docs site.
 * @example connectionDiagram().split('\n')[0] // 'stateDiagram-v2'
 */
export function connectionDiagram(options: DiagramOptions = {}): string {
  return mermaidDiagram(connectionMachine, options);
}
