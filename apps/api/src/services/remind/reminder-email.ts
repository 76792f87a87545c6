// @internal: a part of the API's own wiring, not used outside apps/api.
import type { MemberReport } from '@capture-doctor/domain';

/**
 * The reminder sent to a member who has not connected their own account yet.
 * @example reminderEmail({ member, companyName: 'Acme', provider: 'Google Workspace' }).subject
 */
export function reminderEmail(input: {
  member: MemberReport;
  companyName: string;
  provider: string;
}): {
  subject: string;
  text: string;
} {
  const who = input.member.name ?? input.member.email;
  const subject = `Reminder: connect your ${input.provider} account for ${input.companyName}`;
  const text = [
    `Hello ${who},`,
    '',
    `${input.companyName} captures meetings, calendars and customer emails one person at a time, and your ${input.provider} account is not connected yet.`,
    'Until you connect it, none of your meetings, calendar events or emails are imported.',
    '',
    'Open the connection email you received earlier, or sign in to the platform and choose "Connect", then grant read-only access to your mailbox and calendar.',
    '',
    'Thank you.',
  ].join('\n');
  return { subject, text };
}
