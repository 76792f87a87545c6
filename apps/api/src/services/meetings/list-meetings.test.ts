import type { NewCalendarMeeting } from '@capture-doctor/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarMeetingFixture } from '../../test-support/calendar-meeting.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

let t: TestServer;
beforeAll(async () => {
  // The consent demo approves a policy: meetings can be registered through the API.
  t = await startTestServer({ demoConsent: true });
});
afterAll(async () => {
  await t.close();
});

const path = '/v1/companies/demo/meetings';
const at = (hours: number) =>
  new Date(Date.parse('2032-05-03T09:00:00Z') + hours * 3_600_000).toISOString();
const window = { from: at(0), to: at(100) };

const calendarMeeting = (uid: string, hours: number, extra: Partial<NewCalendarMeeting> = {}) =>
  calendarMeetingFixture(uid, { start: at(hours), end: at(hours + 1) }, extra);

interface Listed {
  id: string;
  source: 'api' | 'calendar';
  startsAt: string;
  verdict?: string;
  reasons?: Array<{ ruleId: string; color: string; message: string; fix: string }>;
}
async function list(query: string): Promise<{ items: Listed[]; nextCursor?: string }> {
  const res = await t.call(`${path}?${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { items: Listed[]; nextCursor?: string };
}

describe('GET /v1/companies/{companyId}/meetings with calendar meetings', () => {
  let apiId = '';
  beforeAll(async () => {
    await t.server.store.calendarMeetings.replaceWindow('demo', window, [
      calendarMeeting('cal-a', 1),
      calendarMeeting('cal-b', 2, {
        hostMemberId: 'm02',
        memberIds: ['m01', 'm02'],
        verdict: 'will_not_record',
        reasons: [
          {
            ruleId: 'private-event',
            color: 'red',
            message: 'It is private.',
            fix: 'Make it public.',
            because: [],
          },
        ],
      }),
      calendarMeeting('cal-c', 3, { hostMemberId: 'm03', memberIds: ['m03'], verdict: 'at_risk' }),
    ]);
    const res = await t.call(path, {
      method: 'POST',
      json: {
        title: 'Registered by a bot',
        startsAt: at(2),
        endsAt: at(3),
        conferenceUrl: 'https://meet.example/x',
        hostMemberId: 'm02',
        participants: [{ email: 'bruno@northwind.example' }],
      },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    apiId = ((await res.json()) as { id: string }).id;
  });

  it('lists meetings from the API and from the calendars together, by start', async () => {
    const { items } = await list(`from=${window.from}&to=${window.to}`);
    expect(items.map((m) => `${m.source} ${m.id}`)).toEqual([
      'calendar cal-a',
      `api ${apiId}`,
      'calendar cal-b',
      'calendar cal-c',
    ]);
    const refused = items.find((m) => m.id === 'cal-b');
    expect(refused).toMatchObject({ verdict: 'will_not_record' });
    expect(refused?.reasons?.[0]).toMatchObject({ ruleId: 'private-event', color: 'red' });
  });

  it('pages across both sources without losing or repeating a meeting', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list(
        `from=${window.from}&to=${window.to}&limit=1${cursor === undefined ? '' : `&cursor=${cursor}`}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(seen).toEqual(['cal-a', apiId, 'cal-b', 'cal-c']);
  });

  it('filters by verdict (calendar meetings only) and by member', async () => {
    const refused = await list(`from=${window.from}&to=${window.to}&verdict=will_not_record`);
    expect(refused.items.map((m) => m.id)).toEqual(['cal-b']);
    const bruno = await list(`from=${window.from}&to=${window.to}&memberId=m02`);
    expect(bruno.items.map((m) => m.id)).toEqual([apiId, 'cal-b']);
    const bad = await t.call(`${path}?verdict=maybe`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { field: string }).field).toBe('query:verdict');
  });
});
