import { MeetingReason, MeetingVerdict } from '@capture-doctor/domain';
import { z } from 'zod';

/** A meeting found on the members' calendars by a sync, with what the meeting rules say of it. */
export const CalendarMeetingView = z.object({
  id: z.string().describe("the meeting's iCalUID and, for one occurrence, its original start"),
  source: z.enum(['calendar']),
  title: z.string().nullable().describe('null for a private event'),
  startsAt: z.string(),
  endsAt: z.string(),
  conferenceUrl: z.string().nullable(),
  hostMemberId: z
    .string()
    .describe('the member whose calendar the verdict is judged from (the organizer when a member)'),
  memberIds: z.array(z.string()).describe('every member whose calendar holds the meeting'),
  organizerEmail: z.string().nullable(),
  verdict: MeetingVerdict,
  reasons: z.array(MeetingReason).describe('why it will not, or may not, be recorded; red first'),
  participants: z.array(
    z.object({ email: z.string(), internal: z.boolean(), jurisdiction: z.string().nullable() }),
  ),
  syncedAt: z.string().describe('when the sync that read it ended'),
});
export type CalendarMeetingView = z.infer<typeof CalendarMeetingView>;
