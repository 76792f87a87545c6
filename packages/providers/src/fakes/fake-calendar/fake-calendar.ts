import type { FakeEvent, FakeTenant } from '../fake-tenant/fake-tenant.js';

/** Test hooks of a fake's calendars. */
export interface FakeCalendarHooks {
  /** Called after each page of a calendar is served (e.g. to delete an event between pages). */
  afterEventsPage?: ((email: string) => void) | undefined;
}

/** One occurrence of a fake meeting on one calendar. */
export interface FakeOccurrence {
  event: FakeEvent;
  /** 0 for a single meeting; the occurrence's rank in a recurring one. */
  index: number;
  start: Date;
  end: Date;
  /** Where paging resumes: stable when other events are deleted between pages. */
  key: string;
}

const DAY_MS = 86_400_000;

/**
 * The occurrences on `email`'s calendar that overlap [from, to), by start: meetings it organises
 * or is invited to, recurring ones expanded.
 * @example fakeCalendar(tenant, 'ana@acme.test', from, to).map((o) => o.event.id)
 */
export function fakeCalendar(
  tenant: FakeTenant,
  email: string,
  from: Date,
  to: Date,
): FakeOccurrence[] {
  const owner = email.toLowerCase();
  const occurrences: FakeOccurrence[] = [];
  for (const event of invitations(tenant).get(owner) ?? []) {
    const count = event.recurrence?.count ?? 1;
    const step = event.recurrence?.every === 'week' ? 7 * DAY_MS : DAY_MS;
    for (let index = 0; index < count; index++) {
      const start = new Date(Date.parse(event.start) + index * step);
      const end = new Date(start.getTime() + event.durationMinutes * 60_000);
      if (end <= from || start >= to) continue;
      occurrences.push({
        event,
        index,
        start,
        end,
        key: `${start.toISOString()} ${event.id} ${index}`,
      });
    }
  }
  return occurrences.sort((a, b) => a.key.localeCompare(b.key));
}

// By invitee, so a tenant of 10,000 calendars answers each read without scanning every event;
// made again when a test adds or deletes events.
const indexes = new WeakMap<
  FakeTenant,
  { events: FakeEvent[]; size: number; byEmail: Map<string, FakeEvent[]> }
>();

function invitations(tenant: FakeTenant): Map<string, FakeEvent[]> {
  const known = indexes.get(tenant);
  if (known !== undefined && known.events === tenant.events && known.size === tenant.events.length)
    return known.byEmail;
  const byEmail = new Map<string, FakeEvent[]>();
  for (const event of tenant.events) {
    const invitees = new Set([event.organizer, ...event.attendees.map((a) => a.email)]);
    for (const invitee of invitees) {
      const key = invitee.toLowerCase();
      const list = byEmail.get(key);
      if (list === undefined) byEmail.set(key, [event]);
      else list.push(event);
    }
  }
  indexes.set(tenant, { events: tenant.events, size: tenant.events.length, byEmail });
  return byEmail;
}

/**
 * One page of a calendar: the occurrences from `token` on (the key of the first one to give),
 * at most `size`, and the token of the next page.
 * @example const { items, next } = fakePage(occurrences, url.searchParams.get('pageToken'), 100);
 */
export function fakePage(
  occurrences: readonly FakeOccurrence[],
  token: string | null,
  size: number,
): { items: FakeOccurrence[]; next: string | null } {
  const rest = token === null ? occurrences : occurrences.filter((o) => o.key >= token);
  const items = rest.slice(0, size);
  return { items, next: rest[size]?.key ?? null };
}

/**
 * How the calendar's owner answered: the organizer owns it; an attendee has their response.
 * @example ownerAnswer(event, 'ana@acme.test') // 'organizer'
 */
export function ownerAnswer(event: FakeEvent, email: string): string {
  if (event.organizer.toLowerCase() === email.toLowerCase()) return 'organizer';
  return (
    event.attendees.find((attendee) => attendee.email.toLowerCase() === email.toLowerCase())
      ?.response ?? 'needs_action'
  );
}
