import { restoreConsentActor } from '@capture-doctor/machines';
import type { Store, StoredMeeting } from '@capture-doctor/store';
import { notFound } from '../../problem/problem.js';
import type { MeetingView } from './meeting-schemas.js';

/** The consent machine state in which the recorder records. */
export const RECORDING_STATE = 'inCall.recording';

/**
 * A meeting as the API answers it: the stored meeting with each participant's consent state
 * as its consent machine holds it.
 * @example meetingView(meeting, persisted).participants[0].consent // 'pending'
 */
export function meetingView(meeting: StoredMeeting, persisted: unknown): MeetingView {
  const { state, context } = restoreConsentActor(persisted);
  const held = new Map(context.participants.map((p) => [p.id, p]));
  return {
    id: meeting.id,
    companyId: meeting.companyId,
    title: meeting.title,
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt,
    conferenceUrl: meeting.conferenceUrl,
    hostMemberId: meeting.hostMemberId,
    source: meeting.source,
    cancelledAt: meeting.cancelledAt,
    recorder: { displayName: meeting.recorderName },
    policy: { version: meeting.policyVersion },
    state,
    recording: state === RECORDING_STATE,
    participants: meeting.participants.map((p) => {
      const machine = held.get(p.id);
      return {
        ...p,
        consent: machine?.consent ?? 'not_asked',
        mustConsent: machine?.mustConsent ?? false,
        noticeEmail: machine?.noticeEmail ?? false,
        present: machine?.present ?? false,
      };
    }),
    createdAt: meeting.createdAt,
  };
}

/**
 * One meeting of the company with its participants' consent states; 404 when unknown.
 * @example (await getMeeting(store, 'acme', id)).recorder.displayName
 */
export async function getMeeting(
  store: Pick<Store, 'meetings'>,
  companyId: string,
  meetingId: string,
): Promise<MeetingView> {
  const meeting = await store.meetings.get(companyId, meetingId);
  const persisted = await store.meetings.consentState(companyId, meetingId);
  if (!meeting || persisted === null) throw notFound('meeting', meetingId);
  return meetingView(meeting, persisted);
}
