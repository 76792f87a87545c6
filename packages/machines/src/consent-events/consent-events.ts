import { ConsentPolicy, Participant } from '@capture-doctor/domain';
import { z } from 'zod';

const At = z.iso.datetime({ offset: true }).describe("when it happened, from the caller's clock");

/**
 * A participant as the consent machine sees them: the domain participant plus whether their
 * jurisdiction requires the consent of every party (worked out from jurisdictions.json by the
 * caller, so the machine itself reads no files).
 */
export const ConsentParticipant = Participant.extend({
  allPartyJurisdiction: z.boolean(),
});
export type ConsentParticipant = z.infer<typeof ConsentParticipant>;
export type ConsentParticipantInput = z.input<typeof ConsentParticipant>;

/** What one recording-consent actor is created with: one meeting under one policy version. */
export const ConsentInput = z.strictObject({
  meetingId: z.string().min(1),
  policy: ConsentPolicy,
  participants: z.array(ConsentParticipant),
  scheduledAt: At,
  startsAt: At,
});
export type ConsentInput = z.infer<typeof ConsentInput>;

/** Every event the recording-consent machine accepts; each carries its own time. */
export const ConsentEvent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('SEND_NOTICE'), at: At }),
  z.strictObject({ type: z.literal('RECORDER_JOINED'), at: At }),
  z.strictObject({
    type: z.literal('PARTICIPANT_JOINED'),
    participant: ConsentParticipant,
    at: At,
  }),
  z.strictObject({ type: z.literal('PARTICIPANT_LEFT'), participantId: z.string().min(1), at: At }),
  z.strictObject({ type: z.literal('CONSENT_ACCEPTED'), participantId: z.string().min(1), at: At }),
  z.strictObject({ type: z.literal('CONSENT_DECLINED'), participantId: z.string().min(1), at: At }),
  z.strictObject({
    type: z.literal('RECORDER_REMOVED'),
    participantId: z.string().min(1).describe('who removed the recorder'),
    at: At,
  }),
  z.strictObject({ type: z.literal('MEETING_ENDED'), at: At }),
  z.strictObject({
    type: z.literal('MEETING_MOVED'),
    startsAt: At.describe('the new start'),
    at: At,
  }),
  z.strictObject({ type: z.literal('MEETING_CANCELLED'), at: At }),
  z.strictObject({
    type: z.literal('MEETING_RESTORED'),
    startsAt: At.describe('the start of the meeting as it is back'),
    at: At,
  }),
]);
export type ConsentEvent = z.infer<typeof ConsentEvent>;
