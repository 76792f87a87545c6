import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  consentLinkIn,
  guests,
  meetingEmails,
  type OutboxEntry,
  putNoticePolicyInForce,
  registerMeeting,
} from '../../test-support/consent-meeting.js';
import { startSmtp } from '../../test-support/smtp-sink.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

// The server's clock: the test moves it past a meeting's end and its link's grace period.
let shift = 0;
const clock = () => new Date(Date.now() + shift);

let t: TestServer;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  smtp = await startSmtp();
  t = await startTestServer({
    smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'consent@northwind.example' },
    noticeIntervalMs: 50,
    consentGraceHours: 24,
    clock,
  });
  await putNoticePolicyInForce(t);
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
});

async function untilSent(meetingId: string): Promise<OutboxEntry[]> {
  for (let i = 0; i < 200; i += 1) {
    const emails = await meetingEmails(t, meetingId);
    const evidence = await t.server.store.consentEvidence.chain('demo', meetingId);
    // Sent, and the meeting's consent machine told so (after the last email).
    const told = evidence.some((e) => e.kind === 'notice_email_sent');
    if (emails.length > 0 && emails.every((e) => e.status === 'sent') && told) return emails;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the notices were not sent');
}

// Over a real socket, as a participant's browser and a bot integration call it.
const open = (link: string, headers: Record<string, string> = {}) =>
  fetch(link, { headers, redirect: 'manual' });

function formTokenIn(html: string): string {
  const token = /name="_form" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no form token on the page');
  return token;
}

async function answer(
  link: string,
  fields: Record<string, string>,
  origin: string = t.server.url,
): Promise<Response> {
  return fetch(link, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

async function answerOnPage(link: string, decision: 'accept' | 'decline'): Promise<Response> {
  const page = await (await open(link)).text();
  return answer(link, { decision, _form: formTokenIn(page) });
}

const botEvent = async (meetingId: string, type: string) => {
  const res = await fetch(`${t.server.url}/v1/companies/demo/meetings/${meetingId}/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.keys.admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('the consent flow over HTTP', () => {
  it('meeting → due notices sent → each guest opens their own link → accept → the bot records', async () => {
    const meetingId = await registerMeeting(t, 'Pricing call', 2);
    const queued = await meetingEmails(t, meetingId);
    // Both guests are external: the policy emails them; the internal host gets nothing.
    expect(queued.map((e) => [e.participantId, e.to]).sort()).toEqual([
      ['ana', guests.ana.email],
      ['bo', guests.bo.email],
    ]);
    // The lead time (24 h) is longer than the time left (2 h): due at once.
    for (const email of queued)
      expect(Date.parse(email.notBefore ?? '')).toBeLessThanOrEqual(clock().getTime());

    const [ana, bo] = (await untilSent(meetingId)).sort((a, b) =>
      (a.participantId ?? '').localeCompare(b.participantId ?? ''),
    );
    expect(ana!.subject).toContain('Pricing call');
    // Ana is in Germany: her notice is in German; Bo's in English.
    expect(ana!.text).toContain('Northwind Notetaker');
    expect(ana!.text).toContain('Was aufgezeichnet wird');
    expect(bo!.text).toContain('What is recorded');
    expect(bo!.text).toContain('If you do not agree');
    const anaLink = consentLinkIn(ana!.text);
    const boLink = consentLinkIn(bo!.text);
    expect(anaLink).not.toBe(boLink);
    // Each notice names its own participant only.
    expect(ana!.text).not.toContain(guests.bo.name);
    expect(ana!.text).not.toContain(guests.bo.email);
    expect(ana!.text).not.toContain(boLink);
    expect(bo!.text).not.toContain(guests.ana.name);
    const delivered = smtp.received.filter(
      (m) => m.data.includes(ana!.id) || m.data.includes(bo!.id),
    );
    expect(delivered.map((m) => m.to.join(',')).sort()).toEqual([
      guests.ana.email,
      guests.bo.email,
    ]);
    // The token never reaches the log.
    const anaToken = anaLink.split('/consent/')[1] ?? '';
    expect(t.logs.join('\n')).not.toContain(anaToken);

    const page = await open(anaLink, { 'accept-language': 'de-DE,de;q=0.9' });
    expect(page.status).toBe(200);
    // No Referer, hence no token, ever goes to another site.
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('Northwind Notetaker');
    expect(html).toContain('Pricing call');
    expect(html).toContain(guests.ana.name);
    expect(html).not.toContain(guests.bo.name);
    expect(html).not.toContain(guests.bo.email);
    expect(html).not.toContain('<script');

    const accepted = await answer(anaLink, { decision: 'accept', _form: formTokenIn(html) });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('location')).toBe(`/consent/${anaToken}?saved=1`);
    // Bo first declines, then changes his mind before the call.
    expect((await answerOnPage(boLink, 'decline')).status).toBe(303);
    expect((await answerOnPage(boLink, 'accept')).status).toBe(303);
    const again = await (await open(`${boLink}?saved=1`)).text();
    expect(again).toContain('Thank you: your answer is saved.');
    expect(again).toContain('You accepted the recording on');

    const joined = await botEvent(meetingId, 'recorder_joined');
    expect(joined).toMatchObject({ status: 200, body: { recording: true } });

    const evidence = await t.server.store.consentEvidence.chain('demo', meetingId);
    const kinds = evidence.map((e) => `${e.kind}:${e.participant ?? '-'}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'notice_email_handed_to_smtp:ana',
        'notice_email_handed_to_smtp:bo',
        'notice_email_sent:ana',
        'notice_email_sent:bo',
        'consent_page_opened:ana',
        'consent_accepted:ana',
        'consent_declined:bo',
        'consent_accepted:bo',
        'recording_started:-',
      ]),
    );
    const answered = evidence.find((e) => e.kind === 'consent_accepted');
    expect(answered?.details).toMatchObject({ method: 'consent_page' });
    const shown = evidence.find((e) => e.kind === 'consent_page_opened');
    expect(shown?.details).toMatchObject({ language: 'de', isConsent: false });
  });

  it('a notice waits in the outbox until startsAt minus the lead time, then goes out', async () => {
    const now = clock().getTime();
    const meetingId = await registerMeeting(t, 'Board preview', 30, now);
    const queued = await meetingEmails(t, meetingId);
    const dueAt = new Date(now + 6 * 3_600_000).toISOString().slice(0, 16);
    expect(queued.map((e) => e.notBefore?.slice(0, 16))).toEqual([dueAt, dueAt]);
    // Many scheduler ticks later, still not due.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await meetingEmails(t, meetingId)).map((e) => e.status)).toEqual(['queued', 'queued']);
    shift = 6 * 3_600_000 + 60_000;
    try {
      expect((await untilSent(meetingId)).map((e) => e.status)).toEqual(['sent', 'sent']);
    } finally {
      shift = 0;
    }
  });

  it('a decline on the page keeps the bot from recording', async () => {
    const meetingId = await registerMeeting(t, 'Renewal call', 3);
    const emails = await untilSent(meetingId);
    for (const email of emails) {
      const decision = email.participantId === 'ana' ? 'decline' : 'accept';
      expect((await answerOnPage(consentLinkIn(email.text), decision)).status).toBe(303);
    }
    const joined = await botEvent(meetingId, 'recorder_joined');
    expect(joined.body).toMatchObject({
      recording: false,
      reasons: [{ code: 'consent_declined', participantId: 'ana' }],
    });
  });

  it('a decline on the page raises one consent.declined alert, queued for the recipients listening', async () => {
    await t.server.store.alertRecipients.replace('demo', [
      { email: 'dpo@northwind.example', events: ['consent.declined'] },
    ]);
    const meetingId = await registerMeeting(t, 'Board prep', 5);
    const emails = await untilSent(meetingId);
    const ana = emails.find((email) => email.participantId === 'ana')!;
    expect((await answerOnPage(consentLinkIn(ana.text), 'decline')).status).toBe(303);
    expect((await answerOnPage(consentLinkIn(ana.text), 'decline')).status).toBe(303);
    const alerts = (await t.server.store.alertDeliveries.events('demo', 'consent.declined')).filter(
      (alert) => JSON.parse(alert.payload).data.meetingId === meetingId,
    );
    expect(alerts.map((alert) => JSON.parse(alert.payload).data)).toEqual([
      expect.objectContaining({ meetingId, participantId: 'ana', meetingTitle: 'Board prep' }),
    ]);
    const toDpo = (await t.server.store.outbox.list('demo')).filter(
      (email) => email.to === 'dpo@northwind.example' && email.subject.includes('Board prep'),
    );
    expect(toDpo).toHaveLength(1);
    expect(toDpo[0]?.text).toContain(guests.ana.name);
  });

  it('refuses a post without the page’s form token, from another origin, or with no decision', async () => {
    const meetingId = await registerMeeting(t, 'Security review', 4);
    const [email] = await meetingEmails(t, meetingId);
    const link = consentLinkIn(email!.text);
    const form = formTokenIn(await (await open(link)).text());

    const forged = await answer(link, { decision: 'accept', _form: 'x'.repeat(43) });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('the page was out of date');
    const crossSite = await answer(
      link,
      { decision: 'accept', _form: form },
      'https://evil.example',
    );
    expect(crossSite.status).toBe(403);
    const noDecision = await answer(link, { decision: 'maybe', _form: form });
    expect(noDecision.status).toBe(400);
    const meeting = (await (await t.call(`/v1/companies/demo/meetings/${meetingId}`)).json()) as {
      participants: Array<{ id: string; consent: string }>;
    };
    expect(meeting.participants.map((p) => p.consent)).not.toContain('accepted');
  });

  it('answers a 404 page for an unknown token, and for a link past its meeting’s end and grace', async () => {
    const unknown = await open(`${t.server.url}/consent/${'A'.repeat(43)}`, {
      'accept-language': 'fr',
    });
    expect(unknown.status).toBe(404);
    const text = await unknown.text();
    expect(text).toContain('<html lang="fr">');
    expect(text).toContain('Ce lien de consentement n’est pas valide');
    expect((await open(`${t.server.url}/consent/short`)).status).toBe(404);
    expect(
      (await answer(`${t.server.url}/consent/${'A'.repeat(43)}`, { decision: 'accept' })).status,
    ).toBe(404);

    const meetingId = await registerMeeting(t, 'Quarterly review', 1);
    const [email] = await meetingEmails(t, meetingId);
    const link = consentLinkIn(email!.text);
    const form = formTokenIn(await (await open(link)).text());
    // The meeting has ended: the page still shows, without the form, and takes no answer.
    shift = 2.5 * 3_600_000;
    const ended = await (await open(link)).text();
    expect(ended).toContain('This meeting has ended');
    expect(ended).not.toContain('name="decision"');
    expect((await answer(link, { decision: 'accept', _form: form })).status).toBe(409);
    // Past the end plus the 24 h grace: the link is gone.
    shift = (2 + 24) * 3_600_000 + 60_000;
    expect((await open(link)).status).toBe(404);
    shift = 0;
  });
});
