import type { ConsentPolicy } from '@capture-doctor/domain';
import type { OutboxEmail, Store, StoredMeeting } from '@capture-doctor/store';
import { emailLanguage } from '../../consent-texts/consent-texts.js';
import { noticeEmail } from './notice-email.js';

/** Where consent links point and how long they stay open after their meeting. */
export interface ConsentLinkSettings {
  /** the service's address as participants reach it, e.g. https://capture.example.com */
  publicUrl: () => string;
  /** a link answers 404 this long after its meeting ends */
  graceHours: number;
}

/**
 * When a meeting's consent links stop working: its end plus the grace period. A moved meeting's
 * links, already sent ones too, move to this from its new end.
 * @example linkExpiry({ endsAt: '2026-11-03T16:00:00.000Z' }, { graceHours: 24, publicUrl }) // '2026-11-04T16:00:00.000Z'
 */
export function linkExpiry(
  meeting: Pick<StoredMeeting, 'endsAt'>,
  links: Pick<ConsentLinkSettings, 'graceHours'>,
): string {
  return new Date(Date.parse(meeting.endsAt) + links.graceHours * 3_600_000).toISOString();
}

/** What the consent machine decided for a participant when the meeting was created. */
export interface ParticipantDuty {
  id: string;
  /** the policy sends them the notice email */
  noticeEmail: boolean;
  /** the policy asks them on the consent page */
  mustConsent: boolean;
}

/**
 * Queues each participant's email for a new meeting: the notice for those the policy tells,
 * and for those it asks on the consent page a link to their own page (a fresh token each).
 * Each is due at `startsAt − leadTimeHours`, at once when that has passed. Writes through the
 * repositories it is given, so the meeting and its emails can be stored in one transaction.
 * @example await queueConsentNotices(tx, { meeting, duties, policy, links, now })
 */
export async function queueConsentNotices(
  repositories: Pick<Store, 'companies' | 'consentTokens' | 'outbox'>,
  input: {
    meeting: StoredMeeting;
    duties: readonly ParticipantDuty[];
    policy: ConsentPolicy;
    links: ConsentLinkSettings;
    now: string;
  },
): Promise<OutboxEmail[]> {
  const { meeting, policy } = input;
  const company = await repositories.companies.get(meeting.companyId);
  const pageShown = policy.consentPage.enabled;
  const duty = new Map(input.duties.map((d) => [d.id, d]));
  const recipients = meeting.participants.filter((p) => {
    const d = duty.get(p.id);
    return d !== undefined && (d.noticeEmail || (pageShown && d.mustConsent));
  });
  const asked = recipients.filter((p) => pageShown && duty.get(p.id)?.mustConsent === true);
  const expiresAt = linkExpiry(meeting, input.links);
  const issued = await repositories.consentTokens.issue(
    meeting.companyId,
    asked.map((p) => ({ meetingId: meeting.id, participantId: p.id, expiresAt })),
  );
  const tokenOf = new Map(issued.map((i) => [i.record.participantId, i.token]));
  const due = Date.parse(meeting.startsAt) - policy.noticeEmail.leadTimeHours * 3_600_000;
  const notBefore = new Date(Math.max(due, Date.parse(input.now))).toISOString();
  const base = input.links.publicUrl().replace(/\/+$/, '');
  return repositories.outbox.enqueueMany(
    recipients.map((p) => {
      const token = tokenOf.get(p.id);
      return {
        companyId: meeting.companyId,
        to: p.email,
        ...noticeEmail({
          language: emailLanguage(p.jurisdiction),
          companyName: company?.name ?? meeting.companyId,
          participantName: p.name ?? p.email,
          meetingTitle: meeting.title,
          startsAt: meeting.startsAt,
          recorderName: meeting.recorderName,
          consentLink: token === undefined ? null : `${base}/consent/${token}`,
        }),
        notBefore,
        meetingId: meeting.id,
        participantId: p.id,
      };
    }),
  );
}
