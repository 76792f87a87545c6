import { z } from 'zod';
import texts from './meeting-texts.json' with { type: 'json' };

const MeetingTexts = z.strictObject({
  announcement: z.string().min(10),
  /** the title of a calendar meeting whose event has none (a private one, say) */
  untitled: z.string().min(1),
  reasons: z.strictObject({
    consent_pending: z.string().min(10),
    consent_declined: z.string().min(10),
    recorder_not_in_call: z.string().min(10),
    recorder_removed: z.string().min(10),
    meeting_ended: z.string().min(10),
  }),
});
const parsed = MeetingTexts.parse(texts);

/** Why a recorder may not record right now. */
export type NotRecordingCode = keyof typeof parsed.reasons;

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

/**
 * The sentence the host is reminded to say aloud, naming the recorder.
 * @example announcementText('Acme Notetaker') // 'Please say aloud at the start: "This call is recorded by Acme Notetaker. ...'
 */
export function announcementText(recorderName: string): string {
  return fill(parsed.announcement, { recorderName });
}

/**
 * The sentence for a reason not to record, naming the participant when there is one.
 * @example reasonText('consent_pending', 'Bo') // 'Bo has not accepted the recording yet.'
 */
export function reasonText(code: NotRecordingCode, participant = ''): string {
  return fill(parsed.reasons[code], { participant });
}

/**
 * The title given to a calendar meeting whose event has none.
 * @example untitledMeeting() // 'Untitled meeting'
 */
export function untitledMeeting(): string {
  return parsed.untitled;
}
