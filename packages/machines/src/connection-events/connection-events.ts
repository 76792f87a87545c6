import { Provider, ProviderTenant } from '@capture-doctor/domain';
import { z } from 'zod';

const At = z.iso.datetime({ offset: true }).describe("when it happened, from the caller's clock");

/** Which part of a company a company-wide connection covers. */
export const ConnectionScope = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('whole_company') }),
  z.strictObject({ kind: z.literal('groups'), groups: z.array(z.string().min(1)) }),
]);
export type ConnectionScope = z.infer<typeof ConnectionScope>;

/** The import switches a company can turn on and off. */
export const ImportSetting = z.enum(['meetings', 'calendar', 'nonRecordedMeetings', 'emails']);
export type ImportSetting = z.infer<typeof ImportSetting>;

/** Every event the connection machine accepts; the API parses requests with this schema. */
export const ConnectionEvent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('CHOOSE_PROVIDER'), provider: Provider, at: At }),
  z.strictObject({
    type: z.literal('CONNECT_COMPANY_WIDE'),
    tenant: ProviderTenant,
    byProviderAdmin: z.boolean().describe('whether the person connecting is a provider admin'),
    scope: ConnectionScope,
    at: At,
  }),
  z.strictObject({
    type: z.literal('CONNECT_USER_BY_USER'),
    tenant: ProviderTenant,
    memberIds: z.array(z.string().min(1)).describe('members who receive an invitation'),
    at: At,
  }),
  z.strictObject({ type: z.literal('SET_SCOPE'), scope: ConnectionScope, at: At }),
  z.strictObject({
    type: z.literal('SWITCH_TO_USER_BY_USER'),
    memberIds: z.array(z.string().min(1)),
    at: At,
  }),
  z.strictObject({
    type: z.literal('SWITCH_TO_COMPANY_WIDE'),
    byProviderAdmin: z.boolean(),
    scope: ConnectionScope,
    at: At,
  }),
  z.strictObject({ type: z.literal('INVITE_MEMBER'), memberId: z.string().min(1), at: At }),
  z.strictObject({ type: z.literal('MEMBER_CONNECTED'), memberId: z.string().min(1), at: At }),
  z.strictObject({ type: z.literal('MEMBER_REVOKED'), memberId: z.string().min(1), at: At }),
  z.strictObject({ type: z.literal('REMIND_MEMBER'), memberId: z.string().min(1), at: At }),
  z.strictObject({
    type: z.literal('SET_IMPORT'),
    setting: ImportSetting,
    enabled: z.boolean(),
    at: At,
  }),
  z.strictObject({ type: z.literal('CRM_CONNECTED'), at: At }),
  z.strictObject({ type: z.literal('CRM_DISCONNECTED'), at: At }),
  z.strictObject({
    type: z.literal('CALL_RECORDED'),
    callId: z.string().min(1),
    memberId: z.string().min(1),
    at: At,
  }),
  z.strictObject({ type: z.literal('DISCONNECT'), at: At }),
]);
export type ConnectionEvent = z.infer<typeof ConnectionEvent>;
