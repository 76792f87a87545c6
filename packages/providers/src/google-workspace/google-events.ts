// @internal: part of the Google Workspace module: Calendar events as calendar facts.
import type { CalendarEvent, EventResponse } from '@capture-doctor/domain';
import type { calendar_v3 } from '@googleapis/calendar';
import { firstLink, mentionsDialIn, utcInstant } from '../calendar-events/calendar-events.js';

/** Only the fields the meeting rules read: answers stay small. */
export const GOOGLE_EVENT_FIELDS =
  'nextPageToken,items(iCalUID,status,visibility,summary,start,end,originalStartTime,created,' +
  'organizer(email,self),attendees(email,self,responseStatus),hangoutLink,location,description,' +
  'conferenceData(entryPoints(entryPointType,uri),conferenceSolution(key(type))))';

const RESPONSES: Readonly<Record<string, EventResponse>> = {
  accepted: 'accepted',
  declined: 'declined',
  tentative: 'tentative',
  needsAction: 'needs_action',
};

/**
 * One Calendar event as calendar facts; null for an event without an iCalUID or times.
 * @example googleEvent(item) // { iCalUID: 'abc@google.com', ownerResponse: 'organizer', ... }
 */
export function googleEvent(item: calendar_v3.Schema$Event): CalendarEvent | null {
  const start = item.start?.dateTime ?? item.start?.date;
  const end = item.end?.dateTime ?? item.end?.date;
  if (typeof item.iCalUID !== 'string' || !start || !end) return null;
  const entryPoints = item.conferenceData?.entryPoints ?? [];
  const video = entryPoints.find((point) => point.entryPointType === 'video')?.uri;
  const original = item.originalStartTime?.dateTime ?? item.originalStartTime?.date;
  const isPrivate = item.visibility === 'private' || item.visibility === 'confidential';
  return {
    iCalUID: item.iCalUID,
    occurrence: original ? utcInstant(original) : null,
    title: isPrivate ? null : (item.summary ?? null),
    start: utcInstant(start),
    end: utcInstant(end),
    status: item.status === 'cancelled' || item.status === 'tentative' ? item.status : 'confirmed',
    visibility:
      item.visibility === 'private' || item.visibility === 'confidential'
        ? item.visibility
        : 'normal',
    organizerEmail: item.organizer?.email ?? null,
    ownerResponse: ownerResponse(item),
    attendees: (item.attendees ?? []).flatMap((attendee) =>
      typeof attendee.email === 'string'
        ? [
            {
              email: attendee.email,
              response: RESPONSES[attendee.responseStatus ?? ''] ?? 'needs_action',
            },
          ]
        : [],
    ),
    joinUrl: item.hangoutLink ?? video ?? firstLink(item.location, item.description),
    conferenceSolution: item.conferenceData?.conferenceSolution?.key?.type ?? null,
    hasPhoneDialIn:
      entryPoints.some((point) => point.entryPointType === 'phone') ||
      mentionsDialIn(item.location, item.description),
    createdAt: item.created ? utcInstant(item.created) : null,
  };
}

function ownerResponse(item: calendar_v3.Schema$Event): EventResponse {
  if (item.organizer?.self === true) return 'organizer';
  const self = item.attendees?.find((attendee) => attendee.self === true);
  // An event with no attendee marked as the owner is the owner's own.
  if (self === undefined) return 'organizer';
  return RESPONSES[self.responseStatus ?? ''] ?? 'needs_action';
}
