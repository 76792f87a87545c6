import type { TestServer } from './test-server.js';

/** A policy in force that emails external guests a day ahead and asks them on the consent page. */
export const noticePolicy = {
  id: 'northwind-consent',
  version: 1,
  recorderName: 'Northwind Notetaker',
  noticeEmail: { enabled: true, leadTimeHours: 24, audience: 'external' },
  consentPage: { enabled: true, audience: 'external' },
  announcement: { enabled: true },
};

/** The guests of {@link registerMeeting}: one in Germany, one in California, and an internal host. */
export const guests = {
  ana: {
    id: 'ana',
    email: 'ana.schmidt@kunde.example.de',
    name: 'Ana Schmidt',
    jurisdiction: 'DE',
  },
  bo: { id: 'bo', email: 'bo.lee@client.example.com', name: 'Bo Lee', jurisdiction: 'US-CA' },
};

/** An outbox email as the API answers it. */
export interface OutboxEntry {
  id: string;
  to: string;
  subject: string;
  text: string;
  status: string;
  notBefore: string | null;
  meetingId: string | null;
  participantId: string | null;
}

/**
 * Puts {@link noticePolicy} in force on the demo company: written by the admin key, approved by
 * the compliance key.
 * @example await putNoticePolicyInForce(t)
 */
export async function putNoticePolicyInForce(t: TestServer): Promise<void> {
  const draft = await t.call('/v1/companies/demo/consent-policy/draft', {
    method: 'PUT',
    json: noticePolicy,
  });
  if (draft.status !== 200) throw new Error(`draft: ${draft.status} ${await draft.text()}`);
  const approved = await t.call('/v1/companies/demo/consent-policy/approve', {
    method: 'POST',
    key: t.keys.compliance,
    json: {},
  });
  if (approved.status !== 200)
    throw new Error(`approve: ${approved.status} ${await approved.text()}`);
}

/**
 * Registers a meeting of the demo company with an internal host and the two guests, starting
 * in `startsInHours` for an hour; answers its id.
 * @example const meetingId = await registerMeeting(t, 'Pricing call', 2)
 */
export async function registerMeeting(
  t: TestServer,
  title: string,
  startsInHours: number,
  now: number = Date.now(),
): Promise<string> {
  const at = (hours: number) => new Date(now + hours * 3_600_000).toISOString();
  const res = await t.call('/v1/companies/demo/meetings', {
    method: 'POST',
    json: {
      title,
      startsAt: at(startsInHours),
      endsAt: at(startsInHours + 1),
      conferenceUrl: 'https://meet.example/pricing',
      participants: [
        {
          id: 'host',
          email: 'ada@northwind.example',
          name: 'Ada Park',
          internal: true,
          jurisdiction: 'US-NY',
        },
        { ...guests.ana, internal: false },
        { ...guests.bo, internal: false },
      ],
    },
  });
  if (res.status !== 201) throw new Error(`meeting: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/**
 * The demo company's outbox emails of one meeting.
 * @example const [ana] = await meetingEmails(t, meetingId)
 */
export async function meetingEmails(t: TestServer, meetingId: string): Promise<OutboxEntry[]> {
  const res = await t.call('/v1/companies/demo/outbox');
  const { items } = (await res.json()) as { items: OutboxEntry[] };
  return items.filter((e) => e.meetingId === meetingId);
}

/**
 * The consent link in an email's text.
 * @example const link = consentLinkIn(email.text) // 'http://127.0.0.1:…/consent/…'
 */
export function consentLinkIn(text: string): string {
  const link = /https?:\/\/\S+\/consent\/[A-Za-z0-9_-]+/.exec(text)?.[0];
  if (!link) throw new Error('no consent link in the email');
  return link;
}
