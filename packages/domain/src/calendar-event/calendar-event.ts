import { z } from 'zod';
import { ConsentPolicy, Participant } from '../consent-policy/consent-policy.js';
import { Because } from '../report/report.js';
import { FindingColor, IconColor, Provider } from '../vocabulary/vocabulary.js';

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

/**
 * What the meeting rules read about one upcoming meeting: the event as the host's calendar
 * shows it, the host's capture from the latest report, the company's import setting, the
 * consent policy in force and the participants (their jurisdiction when known).
 */
export const UpcomingMeeting = z.strictObject({
  event: CalendarEvent,
  host: z.strictObject({
    memberId: z.string().min(1),
    email: z.string(),
    name: z.string().nullable(),
    recording: z.boolean().describe("the member's recording setting"),
    seatIncludesRecording: z.boolean().nullable(),
    microphone: IconColor,
    calendar: IconColor,
    captureRuleIds: z
      .array(z.string())
      .describe('the capture findings of the latest report behind those icons'),
  }),
  company: z.strictObject({
    provider: Provider.nullable(),
    importMeetings: z.boolean(),
  }),
  policy: ConsentPolicy.nullable().describe('the approved consent policy; null when none is'),
  participants: z.array(Participant),
});
export type UpcomingMeeting = z.infer<typeof UpcomingMeeting>;
export type UpcomingMeetingInput = z.input<typeof UpcomingMeeting>;
