import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerConsent } from '../services/meetings/consent-step.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

const policy = {
  id: 'northwind-consent',
  version: 1,
  recorderName: 'Northwind Notetaker',
  noticeEmail: { enabled: false, leadTimeHours: 24, audience: 'external' },
  consentPage: { enabled: true, audience: 'external' },
  announcement: { enabled: true },
};

interface Participant {
  id: string;
  email: string;
  internal: boolean;
  jurisdiction: string | null;
  consent: string;
  mustConsent: boolean;
}
interface Meeting {
  id: string;
  state: string;
  recording: boolean;
  recorder: { displayName: string };
  policy: { version: number };
  participants: Participant[];
}
interface BotAnswer {
  recording: boolean;
  state: string;
  reasons: Array<{ code: string; participantId: string | null; message: string }>;
  announcement: string | null;
}
interface Problem {
  status: number;
  field?: string;
  code?: string;
}

let t: TestServer;
// Over a real socket, as a bot integration calls it.
async function http(
  path: string,
  init: { method?: string; json?: unknown; key?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${init.key ?? t.keys.admin}`,
  };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${t.server.url}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
  });
}

const meetings = '/v1/companies/demo/meetings';
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const request = (overrides: Record<string, unknown> = {}) => ({
  title: 'Pricing call',
  startsAt: inHours(1),
  endsAt: inHours(2),
  conferenceUrl: 'https://meet.example/abc',
  hostMemberId: 'm01',
  participants: [
    { email: 'ada@northwind.example', name: 'Ada Park' },
    { id: 'guest', email: 'jonas@kunde.example.de', name: 'Jonas Weber' },
  ],
  ...overrides,
});

async function create(overrides: Record<string, unknown> = {}): Promise<Meeting> {
  const res = await http(meetings, { method: 'POST', json: request(overrides) });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Meeting;
}

async function event(meetingId: string, json: unknown): Promise<Response> {
  return http(`${meetings}/${meetingId}/events`, { method: 'POST', json });
}

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t.close());

describe('meetings', () => {
  it('refuses a meeting while no consent policy is in force', async () => {
    const res = await http(meetings, { method: 'POST', json: request() });
    expect(res.status).toBe(409);
    expect(((await res.json()) as Problem).code).toBe('no_policy_in_force');
  });

  it('registers a meeting under the policy in force, deciding who is internal and where guests are', async () => {
    await http('/v1/companies/demo/consent-policy/draft', { method: 'PUT', json: policy });
    const approved = await http('/v1/companies/demo/consent-policy/approve', {
      method: 'POST',
      key: t.keys.compliance,
    });
    expect(approved.status).toBe(200);
    const map = await http('/v1/companies/demo/jurisdiction-map', {
      method: 'PUT',
      key: t.keys.compliance,
      json: { 'kunde.example.de': 'DE' },
    });
    expect(map.status).toBe(200);

    const meeting = await create();
    expect(meeting.recorder.displayName).toBe('Northwind Notetaker');
    expect(meeting.policy.version).toBe(1);
    expect(meeting.state).toBe('scheduled');
    expect(meeting.recording).toBe(false);
    expect(meeting.participants).toMatchObject([
      { id: 'p1', internal: true, jurisdiction: null, consent: 'not_asked', mustConsent: false },
      { id: 'guest', internal: false, jurisdiction: 'DE', consent: 'not_asked', mustConsent: true },
    ]);
    const read = await http(`${meetings}/${meeting.id}`, { key: t.keys.compliance });
    expect(await read.json()).toEqual(meeting);
    expect((await http(`${meetings}/nope`)).status).toBe(404);
  });

  it('refuses an ended meeting and a participant listed twice, naming the field', async () => {
    const refused = async (body: unknown) => {
      const res = await http(meetings, { method: 'POST', json: body });
      expect(res.status).toBe(400);
      return (await res.json()) as Problem;
    };
    expect(await refused(request({ startsAt: inHours(-2), endsAt: inHours(-1) }))).toMatchObject({
      field: 'endsAt',
      code: 'meeting_ended',
    });
    const twice = (a: object, b: object) =>
      request({
        participants: [
          { email: 'ada@northwind.example', ...a },
          { email: 'bo@guest.example', ...b },
        ],
      });
    expect(await refused(twice({ id: 'x' }, { id: 'x' }))).toMatchObject({
      field: 'participants[1].id',
    });
    expect(await refused(twice({}, { email: 'ADA@northwind.example' }))).toMatchObject({
      field: 'participants[1].email',
    });
    expect(await refused(request({ participants: [] }))).toMatchObject({
      field: 'participants',
    });
  });

  it('lists meetings by start time within a period, a page at a time', async () => {
    const base = Date.parse('2031-03-01T09:00:00Z');
    const at = (h: number) => new Date(base + h * 3_600_000).toISOString();
    const created: string[] = [];
    for (const h of [0, 24, 48]) {
      created.push((await create({ startsAt: at(h), endsAt: at(h + 1) })).id);
    }
    const from = at(0);
    const to = at(49);
    const first = (await (await http(`${meetings}?from=${from}&to=${to}&limit=2`)).json()) as {
      items: Meeting[];
      nextCursor?: string;
    };
    expect(first.items.map((m) => m.id)).toEqual(created.slice(0, 2));
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await (
      await http(`${meetings}?from=${from}&to=${to}&limit=2&cursor=${first.nextCursor}`)
    ).json()) as { items: Meeting[]; nextCursor?: string };
    expect(second.items.map((m) => m.id)).toEqual(created.slice(2));
    expect(second.nextCursor).toBeUndefined();
    const bad = await http(`${meetings}?cursor=not-a-cursor`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Problem).field).toMatch(/^query:cursor/);
  });

  it('only an admin key registers meetings', async () => {
    const res = await http(meetings, { method: 'POST', json: request(), key: t.keys.support });
    expect(res.status).toBe(403);
  });
});

describe('bot events', () => {
  it('records once the guest accepts, and says whom it waits for until then', async () => {
    const meeting = await create();
    const joined = await event(meeting.id, { type: 'recorder_joined' });
    expect(joined.status).toBe(200);
    const answer = (await joined.json()) as BotAnswer;
    expect(answer).toMatchObject({ recording: false, state: 'inCall.awaitingConsent' });
    expect(answer.reasons).toEqual([
      {
        code: 'consent_pending',
        participantId: 'guest',
        message: expect.stringContaining('Jonas Weber'),
      },
    ]);
    expect(answer.announcement).toContain('Northwind Notetaker');

    await answerConsent(
      t.server.store,
      'demo',
      meeting.id,
      'guest',
      'accept',
      new Date().toISOString(),
    );
    const after = (await (await http(`${meetings}/${meeting.id}`)).json()) as Meeting;
    expect(after.recording).toBe(true);
    expect(after.participants.find((p) => p.id === 'guest')?.consent).toBe('accepted');

    const left = (await (
      await event(meeting.id, { type: 'participant_left', participantId: 'p1' })
    ).json()) as BotAnswer;
    expect(left).toMatchObject({ recording: true, reasons: [], announcement: null });
  });

  it('a decline keeps the recorder from recording', async () => {
    const meeting = await create();
    await event(meeting.id, { type: 'recorder_joined' });
    await answerConsent(
      t.server.store,
      'demo',
      meeting.id,
      'guest',
      'decline',
      new Date().toISOString(),
    );
    const answer = (await (
      await event(meeting.id, { type: 'participant_left', participantId: 'p1' })
    ).json()) as BotAnswer;
    expect(answer.recording).toBe(false);
    expect(answer.reasons).toMatchObject([{ code: 'consent_declined', participantId: 'guest' }]);
  });

  it('a removed recorder stops at once and never records again in that meeting', async () => {
    const meeting = await create();
    await event(meeting.id, { type: 'recorder_joined' });
    await answerConsent(
      t.server.store,
      'demo',
      meeting.id,
      'guest',
      'accept',
      new Date().toISOString(),
    );
    const removed = (await (
      await event(meeting.id, { type: 'recorder_removed', participantId: 'guest' })
    ).json()) as BotAnswer;
    expect(removed).toMatchObject({ recording: false, state: 'recorderRemoved' });
    expect(removed.reasons[0]?.code).toBe('recorder_removed');
    const rejoin = await event(meeting.id, { type: 'recorder_joined' });
    expect(rejoin.status).toBe(409);
    expect(((await rejoin.json()) as Problem).code).toBe('recorder_removed');
    await expect(
      answerConsent(
        t.server.store,
        'demo',
        meeting.id,
        'guest',
        'accept',
        new Date().toISOString(),
      ),
    ).rejects.toMatchObject({ status: 409 });
    const read = (await (await http(`${meetings}/${meeting.id}`)).json()) as Meeting;
    expect(read.recording).toBe(false);
  });

  it('refuses what the machine refuses with its code, and an unknown participant naming the field', async () => {
    const meeting = await create();
    const early = await event(meeting.id, { type: 'participant_left', participantId: 'guest' });
    expect(early.status).toBe(409);
    expect(((await early.json()) as Problem).code).toBe('recorder_not_in_call');
    const stranger = await event(meeting.id, { type: 'participant_joined', participantId: 'p9' });
    expect(stranger.status).toBe(400);
    expect(await stranger.json()).toMatchObject({
      field: 'participantId',
      code: 'unknown_participant',
    });
    const ended = (await (await event(meeting.id, { type: 'meeting_ended' })).json()) as BotAnswer;
    expect(ended).toMatchObject({ recording: false, state: 'ended' });
    const after = await event(meeting.id, { type: 'recorder_joined' });
    expect(((await after.json()) as Problem).code).toBe('meeting_ended');
  });
});
