// @internal: what both provider modules do with the events they read, written once.
import type { CalendarEvent } from '@capture-doctor/domain';

const LINK = /https?:\/\/[^\s<>"')\]]+/i;
// A tel: link, or a number of eight digits or more as invitations print dial-ins.
const DIAL_IN = /tel:|\+?\d[\d ().-]{7,}\d/;

/**
 * The first web link in the texts given, in order; null when none has one.
 * @example firstLink('Room 4', 'Join: https://zoom.us/j/1') // 'https://zoom.us/j/1'
 */
export function firstLink(...texts: Array<string | null | undefined>): string | null {
  for (const text of texts) {
    const found = text === null || text === undefined ? null : LINK.exec(text);
    if (found !== null) return found[0];
  }
  return null;
}

/**
 * Whether any of the texts gives a phone number to dial in.
 * @example mentionsDialIn('Call +1 415 555 0100, PIN 1234') // true
 */
export function mentionsDialIn(...texts: Array<string | null | undefined>): boolean {
  return texts.some((text) => text !== null && text !== undefined && DIAL_IN.test(text));
}

/**
 * A provider's date-time as ISO 8601 UTC: Graph's UTC times come without a zone, an all-day
 * event has a date only.
 * @example utcInstant('2026-12-01T09:00:00.0000000') // '2026-12-01T09:00:00.000Z'
 */
export function utcInstant(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T00:00:00.000Z`;
  const zoned = /(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`;
  const time = Date.parse(zoned);
  if (!Number.isFinite(time)) throw new Error(`not a date-time: ${value}`);
  return new Date(time).toISOString();
}

/**
 * The events of one calendar, each occurrence once: a page boundary may repeat one.
 * @example uniqueEvents([...firstPage, ...secondPage])
 */
export function uniqueEvents(events: readonly CalendarEvent[]): CalendarEvent[] {
  const seen = new Map<string, CalendarEvent>();
  for (const event of events) seen.set(`${event.iCalUID} ${event.occurrence ?? ''}`, event);
  return [...seen.values()].sort((a, b) => a.start.localeCompare(b.start));
}
