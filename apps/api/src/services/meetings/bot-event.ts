import type { ConsentContext, ConsentEvent } from '@capture-doctor/machines';
import type { Store } from '@capture-doctor/store';
import { notFound, ProblemError } from '../../problem/problem.js';
import { applyConsentEvent, consentParticipant } from './consent-step.js';
import type { BotEvent, BotEventAnswer } from './meeting-schemas.js';
import { announcementText, type NotRecordingCode, reasonText } from './meeting-texts.js';
import { RECORDING_STATE } from './meeting-view.js';
import { recordEvidence, unknownParticipant } from './record-evidence.js';

/**
 * What a meeting bot reports (the recorder joined, someone joined or left, the recorder was
 * removed, the meeting ended) sent to the meeting's consent machine, which decides; the answer
 * says whether the recorder may record now, why not, and on joining what the host should say.
 * A refused event (409 with the machine's code, e.g. `meeting_cancelled`) is kept as evidence.
 * @example await botEvent(store, 'acme', meetingId, { type: 'recorder_joined' }, now) // { recording: false, reasons: [...] }
 */
export async function botEvent(
  store: Store,
  companyId: string,
  meetingId: string,
  event: BotEvent,
  now: string,
): Promise<BotEventAnswer> {
  const meeting = await store.meetings.get(companyId, meetingId);
  if (!meeting) throw notFound('meeting', meetingId);
  const at = event.at ?? now;
  const who = (): string => {
    if (event.participantId === undefined) {
      throw unknownParticipant('participantId', '(missing)');
    }
    if (!meeting.participants.some((p) => p.id === event.participantId)) {
      throw unknownParticipant('participantId', event.participantId);
    }
    return event.participantId;
  };
  const consentEvent = ((): ConsentEvent => {
    switch (event.type) {
      case 'recorder_joined':
        return { type: 'RECORDER_JOINED', at };
      case 'participant_joined': {
        const id = who();
        const participant = meeting.participants.find((p) => p.id === id);
        if (!participant) throw unknownParticipant('participantId', id);
        return { type: 'PARTICIPANT_JOINED', participant: consentParticipant(participant), at };
      }
      case 'participant_left':
        return { type: 'PARTICIPANT_LEFT', participantId: who(), at };
      case 'recorder_removed':
        return { type: 'RECORDER_REMOVED', participantId: who(), at };
      case 'meeting_ended':
        return { type: 'MEETING_ENDED', at };
    }
  })();
  const { result } = await applyConsentEvent(store, companyId, meetingId, consentEvent).catch(
    async (error: unknown) => {
      if (error instanceof ProblemError && error.status === 409) {
        const participantId = concerns(consentEvent);
        await recordRefusal(store, companyId, meetingId, { event, participantId, at, error });
      }
      throw error;
    },
  );
  const recording = result.state === RECORDING_STATE;
  const announce = event.type === 'recorder_joined' && result.context.policy.announcement.enabled;
  return {
    meetingId,
    event: event.type,
    state: result.state,
    recording,
    reasons: recording ? [] : notRecordingReasons(result.state, result.context),
    announcement: announce ? announcementText(result.context.policy.recorderName) : null,
  };
}

/** The participant a consent event is about, if any. */
function concerns(event: ConsentEvent): string | null {
  if (event.type === 'PARTICIPANT_JOINED') return event.participant.id;
  return 'participantId' in event ? event.participantId : null;
}

/**
 * A refused bot event is evidence too: what the bot reported, when, and the machine's reason
 * (e.g. the recorder joining a meeting that was called off).
 */
function recordRefusal(
  store: Store,
  companyId: string,
  meetingId: string,
  refused: { event: BotEvent; participantId: string | null; at: string; error: ProblemError },
) {
  const { event, error } = refused;
  return recordEvidence(store, companyId, meetingId, [
    {
      kind: 'recorder_event_refused',
      participantId: refused.participantId,
      at: refused.at,
      details: { event: event.type, code: error.extra.code ?? null, reason: error.detail },
    },
  ]);
}

/** Why the recorder may not record in this state: who has not consented, or where the meeting is. */
function notRecordingReasons(state: string, context: ConsentContext): BotEventAnswer['reasons'] {
  const meetingWide = (code: NotRecordingCode) => [
    { code, participantId: null, message: reasonText(code) },
  ];
  if (state === 'recorderRemoved') return meetingWide('recorder_removed');
  if (state === 'ended') return meetingWide('meeting_ended');
  if (!state.startsWith('inCall')) return meetingWide('recorder_not_in_call');
  return context.participants
    .filter((p) => p.present && p.mustConsent && p.consent !== 'accepted')
    .map((p) => {
      const code = p.consent === 'declined' ? 'consent_declined' : 'consent_pending';
      return { code, participantId: p.id, message: reasonText(code, p.name ?? p.email ?? p.id) };
    });
}
