import { restoreConsentActor } from '@capture-doctor/machines';
import type { MeetingParticipant, Store, StoredMeeting } from '@capture-doctor/store';
import { ProblemError } from '../../problem/problem.js';
import type { ConsentAnswer } from '../../ui/consent-page-view/consent-page-view.js';
import { alertConsentDeclined } from '../alerts/consent-declined.js';
import { answerConsent } from '../meetings/consent-step.js';
import { recordEvidence } from '../meetings/record-evidence.js';

/** What a live consent link opens: one participant of one meeting, and nobody else. */
export interface ConsentLink {
  companyName: string;
  meeting: StoredMeeting;
  participant: MeetingParticipant;
  formToken: string;
}

/** Why an answer was not saved. */
export type AnswerRefusal = 'meeting_ended' | string;

/**
 * The meeting and participant a token stands for; null when the token is unknown or expired
 * (or its meeting is gone): the page then answers 404 and says nothing about any meeting.
 * @example const link = await openConsentLink(store, token)
 */
export async function openConsentLink(store: Store, token: string): Promise<ConsentLink | null> {
  const record = await store.consentTokens.find(token);
  if (!record) return null;
  const meeting = await store.meetings.get(record.companyId, record.meetingId);
  const participant = meeting?.participants.find((p) => p.id === record.participantId);
  if (!meeting || !participant) return null;
  const company = await store.companies.get(record.companyId);
  return {
    companyName: company?.name ?? record.companyId,
    meeting,
    participant,
    formToken: record.formToken,
  };
}

/**
 * The participant's answer as the meeting's consent machine holds it, with when it was given.
 * @example (await currentAnswer(store, link))?.decision // 'accepted'
 */
export async function currentAnswer(
  store: Store,
  link: ConsentLink,
): Promise<ConsentAnswer | null> {
  const persisted = await store.meetings.consentState(link.meeting.companyId, link.meeting.id);
  if (persisted === null) return null;
  const { context } = restoreConsentActor(persisted);
  const held = context.participants.find((p) => p.id === link.participant.id);
  if (held?.consent !== 'accepted' && held?.consent !== 'declined') return null;
  const kind = held.consent === 'accepted' ? 'consent_accepted' : 'consent_declined';
  const given = context.evidence.findLast(
    (e) => e.kind === kind && e.participantId === link.participant.id,
  );
  return { decision: held.consent, at: given?.at ?? link.meeting.startsAt };
}

/**
 * Keeps, as evidence, that the participant's page was shown to them (in which language): that
 * they were told, which is never consent.
 * @example await recordPageShown(store, link, 'de', now)
 */
export async function recordPageShown(
  store: Store,
  link: ConsentLink,
  language: string,
  at: string,
): Promise<void> {
  await recordEvidence(store, link.meeting.companyId, link.meeting.id, [
    {
      kind: 'consent_page_opened',
      participantId: link.participant.id,
      at,
      details: { language, isConsent: false },
    },
  ]);
}

/**
 * Sends the participant's answer to the meeting's consent machine (through the meetings
 * service, which keeps it as evidence). Answering the same again is saved as it stands; the
 * answer can change until the meeting ends.
 * @example await answerFromPage(store, link, 'accept', now) // null when saved, else the refusal code
 */
export async function answerFromPage(
  store: Store,
  link: ConsentLink,
  decision: 'accept' | 'decline',
  at: string,
): Promise<AnswerRefusal | null> {
  if (Date.parse(at) >= Date.parse(link.meeting.endsAt)) return 'meeting_ended';
  try {
    await answerConsent(
      store,
      link.meeting.companyId,
      link.meeting.id,
      link.participant.id,
      decision,
      at,
    );
    if (decision === 'decline')
      await alertConsentDeclined(store, link.meeting, link.participant, at);
    return null;
  } catch (error) {
    if (!(error instanceof ProblemError) || error.status !== 409) throw error;
    const code = typeof error.extra.code === 'string' ? error.extra.code : 'refused';
    const unchanged = decision === 'accept' ? 'consent_already_given' : 'consent_already_declined';
    return code === unchanged ? null : code;
  }
}
