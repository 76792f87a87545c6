import type { FakeEventInput } from '../fake-tenant/fake-tenant.js';

/**
 * A few meetings on the calendars of `owner` and `colleague` (both of `domain`) from `start`:
 * a daily stand-up (recurring), a private one, one the owner declined, a link rewritten by a
 * mail-security gateway, a phone-only call and a call on conferencing no recorder joins.
 * @example startGoogleFake({ ...tenant, events: sampleMeetings('acme.test', 'ana', 'ben', new Date()) })
 */
export function sampleMeetings(
  domain: string,
  owner: string,
  colleague: string,
  start: Date,
): FakeEventInput[] {
  const at = (hours: number) => new Date(start.getTime() + hours * 3_600_000).toISOString();
  const ownerEmail = `${owner}@${domain}`;
  const colleagueEmail = `${colleague}@${domain}`;
  const guest = { email: 'gil@guest.example', response: 'accepted' as const };
  return [
    {
      id: 'standup',
      title: 'Daily stand-up',
      start: at(2),
      durationMinutes: 15,
      recurrence: { every: 'day', count: 5 },
      organizer: ownerEmail,
      attendees: [{ email: colleagueEmail, response: 'accepted' }],
    },
    {
      id: 'review',
      title: 'Quarterly review',
      start: at(26),
      organizer: colleagueEmail,
      attendees: [{ email: ownerEmail, response: 'declined' }, guest],
    },
    {
      id: 'doctor',
      title: 'Doctor',
      start: at(28),
      organizer: ownerEmail,
      visibility: 'private',
    },
    {
      id: 'pricing',
      title: 'Pricing call',
      start: at(30),
      organizer: ownerEmail,
      attendees: [guest],
      conferencing: 'none',
      body: 'Join: https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fzoom.us%2Fj%2F123&data=05',
    },
    {
      id: 'dialin',
      title: 'Supplier call',
      start: at(50),
      organizer: ownerEmail,
      attendees: [guest],
      conferencing: 'none',
      dialIn: '+1 415 555 0100',
    },
    {
      id: 'jitsi',
      title: 'Community sync',
      start: at(74),
      organizer: ownerEmail,
      attendees: [guest],
      conferencing: 'none',
      body: 'We meet at https://meet.jit.si/acme-community',
    },
  ];
}
