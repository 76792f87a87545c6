import { MeetingVerdict } from '@capture-doctor/domain';
import { z } from 'zod';
import { CalendarMeetingView } from './calendar-meeting-schemas.js';

/** Request and answer bodies of the meeting routes; the OpenAPI document is generated from these. */

const Instant = z.iso.datetime({ offset: true });
const JurisdictionCode = z
  .string()
  .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'an ISO 3166 code such as US-CA, DE or AU-NSW');

export const ParticipantRequest = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9._:@-]+$/, 'letters, digits and . _ : @ - only')
    .optional()
    .describe('your id for the participant, used in bot events; made up when omitted'),
  email: z.email().max(320),
  name: z.string().trim().min(1).max(200).optional(),
  internal: z
    .boolean()
    .optional()
    .describe("a team member; when omitted, decided by the company's email domains"),
  jurisdiction: JurisdictionCode.nullable()
    .optional()
    .describe('ISO 3166 code, or null when unknown; when omitted, from the jurisdiction map'),
});
export type ParticipantRequest = z.infer<typeof ParticipantRequest>;

export const MeetingRequest = z.strictObject({
  title: z.string().trim().min(1).max(500),
  startsAt: Instant,
  endsAt: Instant,
  conferenceUrl: z.url().max(2000),
  hostMemberId: z.string().trim().min(1).max(128).optional(),
  participants: z.array(ParticipantRequest).min(1).max(500),
});
export type MeetingRequest = z.infer<typeof MeetingRequest>;

export const ConsentState = z.enum(['not_asked', 'pending', 'accepted', 'declined']);

export const MeetingParticipantView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  internal: z.boolean(),
  jurisdiction: z.string().nullable(),
  consent: ConsentState.describe("the participant's answer as the consent machine holds it"),
  mustConsent: z.boolean().describe('the policy asks this participant on the consent page'),
  noticeEmail: z.boolean().describe('the policy sends this participant the notice email'),
  present: z.boolean(),
});

export const MeetingView = z.object({
  id: z.string(),
  companyId: z.string(),
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  conferenceUrl: z.string(),
  hostMemberId: z.string().nullable(),
  source: z
    .enum(['api', 'calendar'])
    .describe('registered through the API, or found on the calendars by a sync'),
  cancelledAt: z
    .string()
    .nullable()
    .describe(
      'when its calendar event was cancelled or vanished: no notice goes out; null while on',
    ),
  recorder: z.object({
    displayName: z.string().describe('the name in force: the bot joins the call under it'),
  }),
  policy: z.object({ version: z.number().int() }),
  state: z
    .string()
    .describe(
      'the consent machine state, e.g. scheduled, inCall.recording, or cancelled for a meeting called off',
    ),
  recording: z.boolean(),
  participants: z.array(MeetingParticipantView),
  createdAt: z.string(),
});
export type MeetingView = z.infer<typeof MeetingView>;

export const MeetingListQuery = z.strictObject({
  from: Instant.optional().describe('meetings starting at or after this moment'),
  to: Instant.optional().describe('meetings starting before this moment'),
  source: z
    .enum(['api', 'calendar'])
    .optional()
    .describe('only meetings registered through the API, or only those found on the calendars'),
  verdict: MeetingVerdict.optional().describe(
    'only calendar meetings with this verdict (meetings registered through the API have none)',
  ),
  memberId: z
    .string()
    .min(1)
    .max(128)
    .optional()
    .describe('only meetings the member hosts or has on their calendar'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(500).optional().describe('nextCursor of the previous page'),
});
export type MeetingListQuery = z.infer<typeof MeetingListQuery>;

/** A meeting registered through the API as the list shows it (calendar ones list with their verdict). */
export const ApiMeetingView = MeetingView.extend({ source: z.enum(['api']) });
export type ApiMeetingView = z.infer<typeof ApiMeetingView>;

export const MeetingList = z.object({
  items: z.array(z.discriminatedUnion('source', [ApiMeetingView, CalendarMeetingView])),
  nextCursor: z.string().optional().describe('absent on the last page'),
});

export const BotEventType = z.enum([
  'recorder_joined',
  'participant_joined',
  'participant_left',
  'recorder_removed',
  'meeting_ended',
]);
export type BotEventType = z.infer<typeof BotEventType>;

export const BotEvent = z.strictObject({
  type: BotEventType,
  participantId: z
    .string()
    .min(1)
    .max(128)
    .optional()
    .describe('who joined, left or removed the recorder; required for those three'),
  at: Instant.optional().describe('when it happened; default now'),
});
export type BotEvent = z.infer<typeof BotEvent>;

export const NotRecordingReason = z.object({
  code: z
    .string()
    .describe(
      'consent_pending, consent_declined, recorder_not_in_call, recorder_removed or meeting_ended',
    ),
  participantId: z.string().nullable(),
  message: z.string(),
});

export const BotEventAnswer = z.object({
  meetingId: z.string(),
  event: BotEventType,
  state: z.string(),
  recording: z.boolean().describe('whether the recorder may record from now on'),
  reasons: z.array(NotRecordingReason).describe('why not, when recording is false'),
  announcement: z
    .string()
    .nullable()
    .describe('on recorder_joined, when the policy asks for it: what the host should say aloud'),
});
export type BotEventAnswer = z.infer<typeof BotEventAnswer>;

export const EvidenceEvent = z.object({
  seq: z.number().int(),
  at: z.string(),
  kind: z.string(),
  participantId: z.string().nullable(),
  policyVersion: z.number().int().nullable(),
  details: z.record(z.string(), z.unknown()),
  recordedAt: z.string(),
  prevHash: z.string().nullable(),
  hash: z.string(),
});
export type EvidenceEvent = z.infer<typeof EvidenceEvent>;

export const EvidenceQuery = z.strictObject({
  format: z.enum(['json', 'csv']).default('json').describe('csv answers text/csv, every event'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(100).optional().describe('nextCursor of the previous page'),
});

export const EvidenceList = z.object({
  items: z.array(EvidenceEvent),
  nextCursor: z.string().optional().describe('absent on the last page'),
});

export const ChainCheckAnswer = z.union([
  z.object({ valid: z.literal(true) }),
  z.object({
    valid: z.literal(false),
    brokenAt: z.object({
      seq: z.number().int(),
      id: z.string().nullable(),
      reason: z.enum([
        'hash_mismatch',
        'prev_hash_mismatch',
        'seq_gap',
        'missing_events',
        'not_chained',
      ]),
      expected: z.string(),
    }),
  }),
]);

export const JurisdictionMapBody = z
  .record(z.string().min(3).max(253), JurisdictionCode)
  .describe('email domain → ISO 3166 code, e.g. { "customer.de": "DE" }');
