import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatIssues } from '@capture-doctor/domain';
import { rulesRoot } from '@capture-doctor/engine';
import { z } from 'zod';

/** Why the connection machine refused a configuration change. */
export const ConnectionRefusalCode = z.enum([
  'provider_not_chosen',
  'tenant_provider_mismatch',
  'not_provider_admin',
  'second_tenant',
  'already_connected',
  'not_connected',
  'empty_group_scope',
  'not_company_wide',
  'not_user_by_user',
  'already_company_wide',
  'already_user_by_user',
  'crm_not_connected',
  'unknown_member',
  'member_already_invited',
  'member_already_connected',
  'member_not_connected',
  'meetings_import_off',
]);
export type ConnectionRefusalCode = z.infer<typeof ConnectionRefusalCode>;

/** Why the recording-consent machine refused an event. */
export const ConsentRefusalCode = z.enum([
  'notice_not_required',
  'notice_already_sent',
  'notice_not_sent',
  'recorder_not_in_call',
  'recorder_removed',
  'unknown_participant',
  'participant_already_present',
  'participant_not_present',
  'consent_not_requested',
  'consent_already_given',
  'consent_already_declined',
  'meeting_started',
  'recorder_already_joined',
  'meeting_ended',
  'meeting_cancelled',
  'meeting_not_cancelled',
  'meeting_in_progress',
  'restored_too_late',
]);
export type ConsentRefusalCode = z.infer<typeof ConsentRefusalCode>;

const sentences = <C extends string>(codes: readonly C[]) =>
  z.strictObject(
    Object.fromEntries(codes.map((code) => [code, z.string().min(10)])) as Record<C, z.ZodString>,
  );

/** `rules/machines/refusals.json`: the readable sentence for every refusal code. */
export const RefusalSentences = z.strictObject({
  $schema: z.string().optional(),
  connection: sentences(ConnectionRefusalCode.options),
  consent: sentences(ConsentRefusalCode.options),
});
export type RefusalSentences = z.infer<typeof RefusalSentences>;

/** A refused event: a stable code for programs and a sentence for people. */
export interface Refusal<C extends string = string> {
  code: C;
  message: string;
  eventType: string;
}

let loaded: RefusalSentences | undefined;

/**
 * The refusal sentences, read once from rules/machines/refusals.json (validated: every code
 * has a sentence, and no unknown code appears).
 * @example refusalSentences().connection.second_tenant
 */
export function refusalSentences(): RefusalSentences {
  loaded ??= readRefusals(join(rulesRoot(), 'machines', 'refusals.json'));
  return loaded;
}

function readRefusals(file: string): RefusalSentences {
  const parsed = RefusalSentences.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (parsed.success) return parsed.data;
  const [first] = formatIssues(parsed.error.issues);
  throw new Error(`${file}: ${first?.path ?? '(root)'}: ${first?.message ?? 'invalid'}`);
}

/**
 * Builds the refusal for a connection-machine code.
 * @example connectionRefusal('second_tenant', 'CONNECT_COMPANY_WIDE').message
 */
export function connectionRefusal(
  code: ConnectionRefusalCode,
  eventType: string,
): Refusal<ConnectionRefusalCode> {
  return { code, message: refusalSentences().connection[code], eventType };
}

/**
 * Builds the refusal for a consent-machine code.
 * @example consentRefusal('notice_not_sent', 'RECORDER_JOINED').message
 */
export function consentRefusal(
  code: ConsentRefusalCode,
  eventType: string,
): Refusal<ConsentRefusalCode> {
  return { code, message: refusalSentences().consent[code], eventType };
}
