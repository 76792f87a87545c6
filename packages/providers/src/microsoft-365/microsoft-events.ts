// @internal: part of the Microsoft 365 module: Graph calendarView events as calendar facts.
import type { CalendarEvent, EventResponse } from '@capture-doctor/domain';
import { firstLink, mentionsDialIn, utcInstant } from '../calendar-events/calendar-events.js';

/** Only the fields the meeting rules read: answers stay small. */
export const GRAPH_EVENT_SELECT =
  'iCalUId,subject,start,end,isCancelled,sensitivity,organizer,attendees,responseStatus,' +
  'isOnlineMeeting,onlineMeetingProvider,onlineMeeting,location,bodyPreview,createdDateTime';

/**
 * The calendarView of a mailbox for a window, as a path under the user (or `/me`).
 * @example calendarViewPath('/users/u1', { from, to }) // '/users/u1/calendarView?startDateTime=...'
 */
export function calendarViewPath(base: string, window: { from: string; to: string }): string {
  const query = new URLSearchParams({
    startDateTime: window.from,
    endDateTime: window.to,
    $top: '250',
    $select: GRAPH_EVENT_SELECT,
  });
  return `${base}/calendarView?${query.toString()}`;
}

/** Times come in UTC only when asked. */
export const GRAPH_EVENT_HEADERS: Readonly<Record<string, string>> = {
  Prefer: 'outlook.timezone="UTC"',
};

const RESPONSES: Readonly<Record<string, EventResponse>> = {
  organizer: 'organizer',
  accepted: 'accepted',
  tentativelyAccepted: 'tentative',
  declined: 'declined',
  notResponded: 'needs_action',
  none: 'needs_action',
};

interface GraphEmail {
  emailAddress?: { address?: unknown } | null;
}

interface GraphEvent {
  iCalUId?: unknown;
  subject?: unknown;
  start?: { dateTime?: unknown } | null;
  end?: { dateTime?: unknown } | null;
  isCancelled?: unknown;
  sensitivity?: unknown;
  organizer?: GraphEmail | null;
  attendees?: Array<GraphEmail & { status?: { response?: unknown } | null }> | null;
  responseStatus?: { response?: unknown } | null;
  isOnlineMeeting?: unknown;
  onlineMeetingProvider?: unknown;
  onlineMeeting?: { joinUrl?: unknown; phones?: unknown } | null;
  location?: { displayName?: unknown } | null;
  bodyPreview?: unknown;
  createdDateTime?: unknown;
}

/**
 * One calendarView event as calendar facts; null when it has no iCalUId or times. Graph gives
 * each occurrence of a recurring meeting its own iCalUId.
 * @example microsoftEvent(item) // { iCalUID: '040000008200E0...', ownerResponse: 'accepted', ... }
 */
export function microsoftEvent(raw: unknown): CalendarEvent | null {
  if (raw === null || typeof raw !== 'object') return null;
  const item = raw as GraphEvent;
  const start = text(item.start?.dateTime);
  const end = text(item.end?.dateTime);
  const iCalUID = text(item.iCalUId);
  if (iCalUID === null || start === null || end === null) return null;
  const sensitivity = text(item.sensitivity);
  const visibility =
    sensitivity === 'private' || sensitivity === 'personal'
      ? 'private'
      : sensitivity === 'confidential'
        ? 'confidential'
        : 'normal';
  const location = text(item.location?.displayName);
  const body = text(item.bodyPreview);
  const phones = item.onlineMeeting?.phones;
  const created = text(item.createdDateTime);
  return {
    iCalUID,
    occurrence: null,
    title: visibility === 'normal' ? text(item.subject) : null,
    start: utcInstant(start),
    end: utcInstant(end),
    status: item.isCancelled === true ? 'cancelled' : 'confirmed',
    visibility,
    organizerEmail: text(item.organizer?.emailAddress?.address),
    ownerResponse: RESPONSES[text(item.responseStatus?.response) ?? ''] ?? 'needs_action',
    attendees: (item.attendees ?? []).flatMap((attendee) => {
      const email = text(attendee.emailAddress?.address);
      if (email === null) return [];
      return [
        { email, response: RESPONSES[text(attendee.status?.response) ?? ''] ?? 'needs_action' },
      ];
    }),
    joinUrl: text(item.onlineMeeting?.joinUrl) ?? firstLink(location, body),
    conferenceSolution: item.isOnlineMeeting === true ? text(item.onlineMeetingProvider) : null,
    hasPhoneDialIn: (Array.isArray(phones) && phones.length > 0) || mentionsDialIn(location, body),
    createdAt: created === null ? null : utcInstant(created),
  };
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
