import type { NewCalendarMeeting } from '@capture-doctor/store';

/**
 * A demo calendar meeting as a sync stores it: hosted by m01 (Ada), a Meet link, no reasons.
 * @example calendarMeetingFixture('weekly', { start, end }, { verdict: 'at_risk' })
 */
export function calendarMeetingFixture(
  uid: string,
  times: { start: string; end: string },
  extra: Partial<NewCalendarMeeting> = {},
): NewCalendarMeeting {
  return {
    key: uid,
    hostMemberId: 'm01',
    memberIds: ['m01'],
    event: {
      iCalUID: uid,
      occurrence: null,
      title: `Calendar ${uid}`,
      ...times,
      status: 'confirmed',
      visibility: 'normal',
      organizerEmail: 'ada@northwind.example',
      ownerResponse: 'organizer',
      attendees: [],
      joinUrl: 'https://meet.google.com/abc-defg-hij',
      conferenceSolution: 'hangoutsMeet',
      hasPhoneDialIn: false,
      createdAt: null,
    },
    participants: [
      {
        id: 'ada@northwind.example',
        email: 'ada@northwind.example',
        internal: true,
        jurisdiction: null,
        joinsByPhone: false,
      },
    ],
    verdict: 'will_record',
    reasons: [],
    ...extra,
  };
}

/** An external participant in Germany, whose law asks every party's consent. */
export const germanGuest = {
  id: 'bo@kunde.example.de',
  email: 'bo@kunde.example.de',
  internal: false,
  jurisdiction: 'DE',
  joinsByPhone: false,
};
