import { restoreConsentActor } from '@capture-doctor/machines';
import type { OutboxEmail, Store } from '@capture-doctor/store';
import { ProblemError } from '../../problem/problem.js';
import { applyConsentEvent } from '../meetings/consent-step.js';
import { recordEvidence } from '../meetings/record-evidence.js';

/**
 * After the mailer sent a participant's email: keeps that as evidence (which email, when), and
 * once every email of the meeting is sent, tells the meeting's consent machine the notice went
 * out (it writes `notice_email_sent` for each participant the policy tells). Emails that are
 * not about a meeting are left alone.
 * @example createMailer(smtp, { onSent: (email) => recordNoticeSent(store, email) })
 */
export async function recordNoticeSent(store: Store, email: OutboxEmail): Promise<void> {
  const { companyId, meetingId } = email;
  if (companyId === null || meetingId === null || email.sentAt === null) return;
  await recordEvidence(store, companyId, meetingId, [
    {
      kind: 'notice_email_handed_to_smtp',
      participantId: email.participantId,
      at: email.sentAt,
      details: { outboxId: email.id, subject: email.subject, isConsent: false },
    },
  ]);
  const emails = await store.outbox.list(companyId, { meetingId });
  // A notice cancelled with its meeting's move was queued again: only the live ones count.
  if (emails.some((e) => e.status !== 'sent' && e.status !== 'cancelled')) return;
  const persisted = await store.meetings.consentState(companyId, meetingId);
  if (persisted === null) return;
  const { state, context } = restoreConsentActor(persisted);
  if (state !== 'scheduled' || !context.participants.some((p) => p.noticeEmail)) return;
  try {
    await applyConsentEvent(store, companyId, meetingId, { type: 'SEND_NOTICE', at: email.sentAt });
  } catch (error) {
    // The meeting moved on meanwhile (the recorder joined, it ended): nothing left to tell it.
    if (!(error instanceof ProblemError) || error.status !== 409) throw error;
  }
}
