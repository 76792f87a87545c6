import { z } from 'zod';
import { CountForms, countedText, fillPlaceholders } from '../../notices/notices.js';
import data from './alert-events.json' with { type: 'json' };

const AlertEventText = z.strictObject({
  description: z.string().min(10),
  subject: z.string().min(5),
  /** A text about a number of members has a `one` and an `other` form; `count` picks one. */
  text: z.union([z.string().min(10), CountForms]),
});

/** The alert event types: public and stable (webhook payloads, subscriptions, docs). */
export const AlertEventType = z.enum([
  'member.turned_red',
  'banner.new',
  'sync.failed',
  'consent.declined',
  'meeting.will_not_record',
]);
export type AlertEventType = z.infer<typeof AlertEventType>;

const AlertEvents = z.strictObject({ events: z.record(AlertEventType, AlertEventText) });
const texts = AlertEvents.parse(data).events;

/**
 * Every event type with what it means, from the data file, one per line (for the API reference).
 * @example describeAlertEvents() // '- member.turned_red: A sync's evaluation shows ...'
 */
export function describeAlertEvents(): string {
  return AlertEventType.options.map((type) => `- ${type}: ${texts[type].description}`).join('\n');
}

/**
 * The email an alert recipient gets: the event's subject and text from the data file, their
 * `{placeholders}` filled from the alert's values.
 * @example alertEmail('sync.failed', { companyName: 'Acme', error: 'timeout', startedAt }).subject // 'Acme: the sync failed'
 */
export function alertEmail(
  type: AlertEventType,
  values: Record<string, string | number>,
): { subject: string; text: string } {
  const words = texts[type];
  return {
    subject: fillPlaceholders(words.subject, values).slice(0, 500),
    text: countedText(words.text, values),
  };
}
