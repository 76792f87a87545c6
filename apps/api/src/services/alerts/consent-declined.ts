import type { MeetingParticipant, Store, StoredMeeting } from '@capture-doctor/store';
import { raiseAlert } from './raise-alert.js';

/**
 * Raises `consent.declined` for a participant who declined to be recorded in a meeting.
 * @example await alertConsentDeclined(store, meeting, participant, at)
 */
export async function alertConsentDeclined(
  store: Store,
  meeting: StoredMeeting,
  participant: MeetingParticipant,
  at: string,
): Promise<void> {
  const who = participant.name ?? participant.email;
  await raiseAlert(store, {
    companyId: meeting.companyId,
    type: 'consent.declined',
    data: {
      meetingId: meeting.id,
      meetingTitle: meeting.title,
      startsAt: meeting.startsAt,
      participantId: participant.id,
      participantEmail: participant.email,
      declinedAt: at,
    },
    words: { participant: who, meetingTitle: meeting.title, startsAt: meeting.startsAt },
  });
}
