import { runTestSql } from '@capture-doctor/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerConsent } from '../services/meetings/consent-step.js';
import { approveGuestConsentPolicy, overSocket } from '../test-support/over-socket.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

let t: TestServer;
const meetings = '/v1/companies/demo/meetings';
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

const http = (path: string, init: Parameters<typeof overSocket>[2] = {}) =>
  overSocket(t, path, init);

interface Evidence {
  seq: number;
  kind: string;
  participantId: string | null;
  policyVersion: number;
  details: Record<string, unknown>;
  prevHash: string | null;
  hash: string;
}

/** A meeting where the recorder joined, the guest accepted and recording started. */
async function recordedMeeting(): Promise<string> {
  const created = await http(meetings, {
    method: 'POST',
    json: {
      title: 'Pricing call',
      startsAt: inHours(1),
      endsAt: inHours(2),
      conferenceUrl: 'https://meet.example/abc',
      participants: [
        { email: 'ada@northwind.example' },
        { id: 'guest', email: 'camille@client.example.fr', name: 'Camille Martin' },
      ],
    },
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  await http(`${meetings}/${id}/events`, { method: 'POST', json: { type: 'recorder_joined' } });
  await answerConsent(t.server.store, 'demo', id, 'guest', 'accept', new Date().toISOString());
  return id;
}

function tamper(statement: string, ...params: string[]): Promise<void> {
  return runTestSql(t.dataDir, t.server.store.file, statement, ...params);
}

beforeAll(async () => {
  t = await startTestServer();
  expect((await approveGuestConsentPolicy(t)).status).toBe(200);
});
afterAll(async () => t.close());

describe('consent evidence of a meeting', () => {
  it('lists every step in order, each naming the policy version and chained to the previous one', async () => {
    const id = await recordedMeeting();
    const res = await http(`${meetings}/${id}/evidence`, { key: t.keys.compliance });
    expect(res.status).toBe(200);
    const { items, nextCursor } = (await res.json()) as { items: Evidence[]; nextCursor?: string };
    expect(nextCursor).toBeUndefined();
    expect(items.map((e) => e.kind)).toEqual([
      'meeting_scheduled',
      'recorder_joined',
      'host_reminded_to_announce',
      'consent_page_shown',
      'consent_accepted',
      'recording_started',
    ]);
    expect(items.every((e) => e.policyVersion === 1)).toBe(true);
    items.forEach((e, i) => {
      expect(e.seq).toBe(i + 1);
      expect(e.prevHash).toBe(i === 0 ? null : items[i - 1]!.hash);
    });
    expect(items.find((e) => e.kind === 'consent_accepted')).toMatchObject({
      participantId: 'guest',
      details: { method: 'consent_page' },
    });
    expect(items.find((e) => e.kind === 'recording_started')?.details.consentBasis).toEqual({
      p1: 'verbal_announcement',
      guest: 'consent_page',
    });

    const first = (await (await http(`${meetings}/${id}/evidence?limit=4`)).json()) as {
      items: Evidence[];
      nextCursor: string;
    };
    const rest = (await (
      await http(`${meetings}/${id}/evidence?limit=4&cursor=${first.nextCursor}`)
    ).json()) as { items: Evidence[]; nextCursor?: string };
    expect([...first.items, ...rest.items].map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rest.nextCursor).toBeUndefined();
  });

  it('exports the evidence as CSV, one row per event with the participant and how they consented', async () => {
    const id = await recordedMeeting();
    const res = await http(`${meetings}/${id}/evidence?format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'seq,at,kind,participant_id,participant_email,policy_version,method,details,recorded_at,prev_hash,hash',
    );
    expect(lines).toHaveLength(7);
    expect(lines.find((l) => l.includes('consent_accepted'))).toMatch(
      /,consent_accepted,guest,camille@client\.example\.fr,1,consent_page,/,
    );
  });

  it('verifies an untouched chain, and names the first broken link once a row is edited with SQL', async () => {
    const id = await recordedMeeting();
    const verify = async () => (await http(`${meetings}/${id}/evidence/verify`)).json();
    expect(await verify()).toEqual({ valid: true });
    await tamper(
      // replace() on the JSON text: the same SQL on SQLite and PostgreSQL.
      `UPDATE consent_evidence SET details = replace(details, 'consent_page', 'verbal_announcement') WHERE meeting_id = ? AND kind = 'consent_accepted'`,
      id,
    );
    expect(await verify()).toMatchObject({
      valid: false,
      brokenAt: { seq: 5, reason: 'hash_mismatch' },
    });
    expect((await http(`${meetings}/nope/evidence/verify`)).status).toBe(404);
  });

  it('a restart restores each meeting’s consent machine where it was', async () => {
    const id = await recordedMeeting();
    const dataDir = t.dataDir;
    await t.close({ keepData: true });
    t = await startTestServer({ dataDir, demo: false });
    // The demo keys were printed once only: make a new admin key on the restarted store.
    const { key } = await t.server.store.apiKeys.create('demo', {
      role: 'admin',
      name: 'after restart',
    });
    t.keys.admin = key;
    const read = (await (await http(`${meetings}/${id}`)).json()) as {
      recording: boolean;
      state: string;
    };
    expect(read).toMatchObject({ recording: true, state: 'inCall.recording' });
    const removed = await http(`${meetings}/${id}/events`, {
      method: 'POST',
      json: { type: 'recorder_removed', participantId: 'guest' },
    });
    expect(await removed.json()).toMatchObject({ recording: false, state: 'recorderRemoved' });
    expect(await (await http(`${meetings}/${id}/evidence/verify`)).json()).toEqual({ valid: true });
  });
});
