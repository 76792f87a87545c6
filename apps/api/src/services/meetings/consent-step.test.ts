import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { restoreConsentActor } from '@capture-doctor/machines';
import { openStore, type Store } from '@capture-doctor/store';
import { onPostgres, testDatabaseUrl } from '@capture-doctor/store/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { testEncryptionKey } from '../../test-support/test-server.js';
import { answerConsent, applyConsentEvent } from './consent-step.js';
import { createMeeting } from './create-meeting.js';

const GUESTS = 12;
const now = '2031-01-01T09:00:00.000Z';
const dirs: string[] = [];
const stores: Store[] = [];

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A store on the test's folder (on PostgreSQL its schema): a second one is another process. */
async function storeOn(dir: string): Promise<Store> {
  const databaseUrl = await testDatabaseUrl(dir);
  const store = await openStore({
    file: join(dir, 'store.sqlite'),
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    encryptionKey: testEncryptionKey,
    env: {},
    logger: { warn: () => {} },
  });
  stores.push(store);
  return store;
}

/** A meeting whose every guest must accept on the consent page, the recorder already in the call. */
async function meetingAwaitingConsent(store: Store) {
  await store.companies.create({ id: 'acme', name: 'Acme' });
  const draft = await store.consentPolicies.createDraft('acme', {
    createdBy: 'author',
    body: {
      id: 'p',
      version: 1,
      recorderName: 'Acme Notetaker',
      noticeEmail: { enabled: false, leadTimeHours: 24, audience: 'external' },
      consentPage: { enabled: true, audience: 'everyone' },
      announcement: { enabled: false },
    },
  });
  await store.consentPolicies.approve('acme', draft.version, { approvedBy: 'approver' });
  const meeting = await createMeeting(
    store,
    'acme',
    {
      title: 'Board call',
      startsAt: '2031-01-01T10:00:00Z',
      endsAt: '2031-01-01T11:00:00Z',
      conferenceUrl: 'https://meet.example/board',
      participants: Array.from({ length: GUESTS }, (_, i) => ({
        id: `g${i}`,
        email: `g${i}@guest${i}.example`,
        internal: false,
        jurisdiction: null,
      })),
    },
    now,
    { publicUrl: () => 'https://capture.example', graceHours: 24 },
  );
  await applyConsentEvent(store, 'acme', meeting.id, { type: 'RECORDER_JOINED', at: now });
  return meeting;
}

describe('consent steps sent at once to one meeting', () => {
  it('from two processes, each starts from the snapshot the other saved: every answer counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capture-doctor-consent-step-'));
    dirs.push(dir);
    const store = await storeOn(dir);
    const meeting = await meetingAwaitingConsent(store);
    // On PostgreSQL a second store is another process; SQLite has one process, whose one
    // connection already takes transactions in turn.
    const other = onPostgres() ? await storeOn(dir) : store;

    await Promise.all(
      meeting.participants.map((p, i) =>
        answerConsent(i % 2 === 0 ? store : other, 'acme', meeting.id, p.id, 'accept', now),
      ),
    );

    const { state, context } = restoreConsentActor(
      await store.meetings.consentState('acme', meeting.id),
    );
    expect(context.participants.map((p) => p.consent)).toEqual(
      Array.from({ length: GUESTS }, () => 'accepted'),
    );
    expect(state).toBe('inCall.recording');
    const chain = await store.consentEvidence.chain('acme', meeting.id, { limit: 1000 });
    expect(chain.filter((e) => e.kind === 'consent_accepted')).toHaveLength(GUESTS);
    expect(chain.filter((e) => e.kind === 'recording_started')).toHaveLength(1);
    // The machine's own record and the stored chain tell the same story, step for step.
    expect(chain.map((e) => e.kind)).toEqual(context.evidence.map((e) => e.kind));
    expect(await store.consentEvidence.verify('acme', meeting.id)).toMatchObject({
      valid: true,
      events: chain.length,
    });
  });
});
