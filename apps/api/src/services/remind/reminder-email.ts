// @internal: a part of the API's own wiring, not used outside apps/api.
import { type MemberReport, Provider } from '@capture-doctor/domain';
import { z } from 'zod';
import { fillPlaceholders } from '../../notices/notices.js';
import words from './reminder-emails.json' with { type: 'json' };

const Reason = z.strictObject({
  subject: z.string().min(10),
  why: z.string().min(10),
  steps: z.record(z.enum([...Provider.options, 'none']), z.array(z.string().min(5)).min(1)),
});
const ReminderWords = z.strictObject({
  cooldownHours: z.number().positive(),
  reasons: z.record(z.string(), Reason),
  greeting: z.string(),
  stepsTitle: z.string(),
  link: z.string(),
  closing: z.string(),
});
const reminderWords = ReminderWords.parse(words);

/** How long after a reminder the same member is not reminded again, in hours (from the data). */
export const reminderCooldownHours = reminderWords.cooldownHours;

/** The ids of the rules whose members are reminded, in the order a member's reason is picked. */
export const reminderReasons: readonly string[] = Object.keys(reminderWords.reasons);

/**
 * The reminder sent to a member who must connect (or connect again) their own account: the
 * words for the rule that found it, the steps for the provider and the link to connect.
 * @example reminderEmail({ member, reason: 'members-not-connected', companyName: 'Acme', provider: 'google_workspace', providerName: 'Google Workspace', connectUrl }).subject
 */
export function reminderEmail(input: {
  member: MemberReport;
  /** a rule id of reminderReasons */
  reason: string;
  companyName: string;
  provider: Provider | null;
  providerName: string;
  connectUrl: string;
}): { subject: string; text: string } {
  const reason =
    reminderWords.reasons[input.reason] ?? reminderWords.reasons[reminderReasons[0] ?? ''];
  if (!reason) throw new Error('reminder-emails.json names no reason');
  const values = {
    name: input.member.name ?? input.member.email,
    companyName: input.companyName,
    provider: input.providerName,
    connectUrl: input.connectUrl,
  };
  const fill = (template: string) => fillPlaceholders(template, values);
  const steps = reason.steps[input.provider ?? 'none'] ?? reason.steps.none ?? [];
  const text = [
    fill(reminderWords.greeting),
    '',
    fill(reason.why),
    '',
    fill(reminderWords.stepsTitle),
    ...steps.map((step, i) => `${i + 1}. ${fill(step)}`),
    '',
    fill(reminderWords.link),
    '',
    fill(reminderWords.closing),
  ].join('\n');
  return { subject: fill(reason.subject), text };
}
