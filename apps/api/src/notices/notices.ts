import { z } from 'zod';
import sentences from './notices.json' with { type: 'json' };

/**
 * A sentence about a number of things, in its two English forms: `one` when `{count}` is exactly
 * 1 ("1 member"), `other` for any other count ("0 members", "2 members").
 */
export const CountForms = z.strictObject({ one: z.string().min(1), other: z.string().min(1) });
export type CountForms = z.infer<typeof CountForms>;

/**
 * A data file's sentence, or the form of a counted one that agrees with `values.count`.
 * @example sentenceFor({ one: '{count} member', other: '{count} members' }, { count: 1 }) // '{count} member'
 */
export function sentenceFor(
  entry: string | CountForms,
  values: Record<string, string | number>,
): string {
  if (typeof entry === 'string') return entry;
  return values.count === 1 ? entry.one : entry.other;
}

const Notices = z.record(z.string(), z.union([z.string().min(1).max(200), CountForms]));
const notices = Notices.parse(sentences);

/** The id of a one-line notice the team page can show; its sentence lives in notices.json. */
export type NoticeId = keyof typeof sentences;

/**
 * The sentence of a notice, with its `{placeholders}` filled in (a counted one in the form that
 * agrees with `count`); the service shows only these.
 * @example noticeText('reminders-sent', { count: 1 }) // '1 reminder email sent'
 */
export function noticeText(id: NoticeId, values: Record<string, string | number> = {}): string {
  const entry = notices[id];
  return countedText(entry === undefined ? id : entry, values);
}

/**
 * A data file's sentence, in the form that agrees with `values.count` when it has two, with its
 * `{placeholders}` filled in.
 * @example countedText({ one: '{count} member', other: '{count} members' }, { count: 2 }) // '2 members'
 */
export function countedText(
  entry: string | CountForms,
  values: Record<string, string | number>,
): string {
  return fillPlaceholders(sentenceFor(entry, values), values);
}

/**
 * A sentence from a data file with its `{placeholders}` filled in; unknown ones stay as written.
 * @example fillPlaceholders('{count} sent', { count: 3 }) // '3 sent'
 */
export function fillPlaceholders(
  template: string,
  values: Record<string, string | number>,
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
