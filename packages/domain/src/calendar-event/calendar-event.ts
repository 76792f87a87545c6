import { z } from 'zod';
import { Because } from '../report/report.js';
import { FindingColor } from '../vocabulary/vocabulary.js';

const Instant = z.iso.datetime({ offset: true });

/** How a calendar's owner (or an attendee) answered the invitation; `organizer` for its own meeting. */
export const EventResponse = z.enum([
  'organizer',
  'accepted',
  'tentative',
  'declined',
  'needs_action',
]);
export type EventResponse = z.infer<typeof EventResponse>;

/**
 * One upcoming event as a member's calendar shows it: facts read from the provider, no verdict.
 * The same meeting in several calendars has the same `iCalUID` (and, for one occurrence of a
 * recurring meeting on Google, the same `occurrence`).
 */
export const CalendarEvent = z.strictObject({
  iCalUID: z.string().min(1),
  occurrence: Instant.nullable().describe(
    'the original start of one occurrence of a recurring meeting; null for a single event',
  ),
  title: z.string().nullable().describe('null for a private event: its title is not kept'),
  start: Instant,
  end: Instant,
  status: z.enum(['confirmed', 'tentative', 'cancelled']),
  visibility: z.enum(['normal', 'private', 'confidential']),
  organizerEmail: z.string().nullable(),
  ownerResponse: EventResponse.describe("the calendar owner's answer"),
  attendees: z.array(z.strictObject({ email: z.string(), response: EventResponse })),
  joinUrl: z
    .string()
    .nullable()
    .describe(
      'the web-conference link: the conference data, else the first link in the location or body',
    ),
  conferenceSolution: z
    .string()
    .nullable()
    .describe(
      "the provider's own name of the conferencing attached, e.g. hangoutsMeet, teamsForBusiness",
    ),
  hasPhoneDialIn: z.boolean(),
  createdAt: Instant.nullable(),
});
export type CalendarEvent = z.infer<typeof CalendarEvent>;

/** Whether a meeting will be recorded, as its reasons say. */
export const MeetingVerdict = z.enum(['will_record', 'at_risk', 'will_not_record']);
export type MeetingVerdict = z.infer<typeof MeetingVerdict>;

/** One meeting rule that fired: why the meeting will not (or may not) be recorded. */
export const MeetingReason = z.strictObject({
  ruleId: z.string(),
  color: FindingColor,
  message: z.string(),
  fix: z.string(),
  because: z.array(Because),
});
export type MeetingReason = z.infer<typeof MeetingReason>;
