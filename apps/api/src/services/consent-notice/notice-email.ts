import { type ConsentLanguage, consentText, shownTime } from '../../consent-texts/consent-texts.js';

/** What one participant's notice says: their own name and link, and the meeting's facts. */
export interface NoticeEmailInput {
  language: ConsentLanguage;
  companyName: string;
  participantName: string;
  meetingTitle: string;
  startsAt: string;
  recorderName: string;
  /** the participant's own consent page; null when the policy shows no consent page */
  consentLink: string | null;
}

/**
 * The notice email of one participant, in their language: the meeting, the recorder's name,
 * what is recorded and why, how to object, and their own consent link.
 * @example noticeEmail({ language: 'en', companyName: 'Acme', ..., consentLink: 'https://…/consent/abc' }).subject
 */
export function noticeEmail(input: NoticeEmailInput): { subject: string; text: string } {
  const when = shownTime(input.language, input.startsAt);
  const values = {
    company: input.companyName,
    meeting: input.meetingTitle,
    recorder: input.recorderName,
    name: input.participantName,
    when,
  };
  const howToAnswer =
    input.consentLink === null
      ? consentText(input.language, 'emailWithoutPage')
      : consentText(input.language, 'emailWithPage', { link: input.consentLink });
  return {
    // A subject is one line whatever the meeting's title holds.
    subject: consentText(input.language, 'emailSubject', values).replace(/\s+/g, ' ').slice(0, 500),
    text: consentText(input.language, 'emailBody', { ...values, howToAnswer }),
  };
}
