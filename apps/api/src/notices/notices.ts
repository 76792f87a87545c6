import { z } from 'zod';
import sentences from './notices.json' with { type: 'json' };

const Notices = z.record(z.string(), z.string().min(1).max(200));
const notices = Notices.parse(sentences);

/** The id of a one-line notice the team page can show; its sentence lives in notices.json. */
export type NoticeId = keyof typeof sentences;

/**
 * The sentence of a notice, with its `{placeholders}` filled in; the service shows only these.
 * @example noticeText('sync-not-started', { reason: 'a sync is already running' })
 */
export function noticeText(id: NoticeId, values: Record<string, string | number> = {}): string {
  return fillPlaceholders(notices[id] ?? id, values);
}

/**
 * A template with its `{placeholders}` filled in; an unknown placeholder stays as it is.
 * @example fillPlaceholders('{count} sent', { count: 2 }) // "2 sent"
 */
export function fillPlaceholders(
  template: string,
  values: Record<string, string | number>,
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
