import type { ConnectionEvent } from '../connection-events/connection-events.js';

export const at = '2026-11-02T09:00:00Z';

export const googleTenant = {
  id: 'C0acme',
  provider: 'google_workspace',
  domain: 'acme.example',
} as const;
export const otherGoogleTenant = { id: 'C0other', provider: 'google_workspace' } as const;
export const microsoftTenant = { id: 'tenant-ms', provider: 'microsoft_365' } as const;

/** A small, finite catalogue of connection events that reaches every guard of the machine. */
export const connectionEvents: ConnectionEvent[] = [
  { type: 'CHOOSE_PROVIDER', provider: 'google_workspace', at },
  { type: 'CHOOSE_PROVIDER', provider: 'microsoft_365', at },
  {
    type: 'CONNECT_COMPANY_WIDE',
    tenant: googleTenant,
    byProviderAdmin: true,
    scope: { kind: 'whole_company' },
    at,
  },
  {
    type: 'CONNECT_COMPANY_WIDE',
    tenant: googleTenant,
    byProviderAdmin: false,
    scope: { kind: 'whole_company' },
    at,
  },
  {
    type: 'CONNECT_COMPANY_WIDE',
    tenant: googleTenant,
    byProviderAdmin: true,
    scope: { kind: 'groups', groups: [] },
    at,
  },
  {
    type: 'CONNECT_COMPANY_WIDE',
    tenant: microsoftTenant,
    byProviderAdmin: true,
    scope: { kind: 'whole_company' },
    at,
  },
  { type: 'CONNECT_USER_BY_USER', tenant: googleTenant, memberIds: ['m1'], at },
  { type: 'CONNECT_USER_BY_USER', tenant: otherGoogleTenant, memberIds: ['m1'], at },
  { type: 'CONNECT_USER_BY_USER', tenant: microsoftTenant, memberIds: ['m1'], at },
  { type: 'SET_SCOPE', scope: { kind: 'groups', groups: ['sales'] }, at },
  { type: 'SET_SCOPE', scope: { kind: 'groups', groups: [] }, at },
  { type: 'SWITCH_TO_USER_BY_USER', memberIds: ['m1'], at },
  { type: 'SWITCH_TO_COMPANY_WIDE', byProviderAdmin: true, scope: { kind: 'whole_company' }, at },
  { type: 'SWITCH_TO_COMPANY_WIDE', byProviderAdmin: false, scope: { kind: 'whole_company' }, at },
  {
    type: 'SWITCH_TO_COMPANY_WIDE',
    byProviderAdmin: true,
    scope: { kind: 'groups', groups: [] },
    at,
  },
  { type: 'INVITE_MEMBER', memberId: 'm1', at },
  { type: 'INVITE_MEMBER', memberId: 'm2', at },
  { type: 'MEMBER_CONNECTED', memberId: 'm1', at },
  { type: 'MEMBER_CONNECTED', memberId: 'm9', at },
  { type: 'MEMBER_REVOKED', memberId: 'm1', at },
  { type: 'MEMBER_REVOKED', memberId: 'm9', at },
  { type: 'REMIND_MEMBER', memberId: 'm1', at },
  { type: 'REMIND_MEMBER', memberId: 'm9', at },
  { type: 'SET_IMPORT', setting: 'meetings', enabled: true, at },
  { type: 'SET_IMPORT', setting: 'meetings', enabled: false, at },
  { type: 'SET_IMPORT', setting: 'emails', enabled: true, at },
  { type: 'CRM_CONNECTED', at },
  { type: 'CRM_DISCONNECTED', at },
  { type: 'CALL_RECORDED', callId: 'call-1', memberId: 'm1', at },
  { type: 'DISCONNECT', at },
];
