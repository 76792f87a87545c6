import {
  fakeServiceAccount,
  GOOGLE_SCOPES,
  type GoogleFake,
  startGoogleFake,
} from '@capture-doctor/providers/fakes';
import type { IngestionRead } from '@capture-doctor/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectFromSyncInput } from '../connect-from-input/connect-from-input.js';
import { killAfterSaved, openTestStore, tempDir, testClock } from '../test-support/test-support.js';
import { runSync } from './run-sync.js';

const MEMBERS = 1000;
const LATENCY_MS = 20;
const SCOPES = Object.values(GOOGLE_SCOPES);
const KILL_AFTER_SAVED = 300;

const { clientEmail, clientId, publicKeyPem, privateKey } = fakeServiceAccount('audit.test');
const members = Array.from({ length: MEMBERS }, (_, index) => ({
  id: `u${index}`,
  email: `u${index}@audit.test`,
}));
let fake: GoogleFake;
const temp = tempDir();

beforeAll(async () => {
  fake = await startGoogleFake({
    domain: 'audit.test',
    latencyMs: LATENCY_MS,
    users: [{ id: 'admin', email: 'admin@audit.test', admin: true }, ...members],
    google: { serviceAccount: { clientEmail, clientId, publicKeyPem }, delegatedScopes: SCOPES },
  });
});
afterAll(async () => {
  await fake.close();
  temp.cleanup();
});

function count(reads: readonly IngestionRead[], resource: IngestionRead['resource']) {
  const of = reads.filter((read) => read.resource === resource);
  const outcome = (name: IngestionRead['outcome']) => of.filter((r) => r.outcome === name).length;
  return {
    rows: of.length,
    completed: outcome('ok') + outcome('failed'),
    started: outcome('started'),
    interrupted: outcome('interrupted'),
    membersCompleted: new Set(of.filter((r) => r.outcome === 'ok').map((r) => r.memberId)).size,
  };
}

describe('the ingestion audit of a sync killed with SIGKILL mid-read', () => {
  it('has a row for every mailbox and calendar read the provider served, and counts none twice', async () => {
    const { dir } = temp;
    const seeding = await openTestStore(dir);
    await seeding.companies.create({ id: 'acme', name: 'Acme' });
    await connectFromSyncInput(seeding, 'acme', {
      provider: 'google_workspace',
      input: {
        domain: 'audit.test',
        credentials: {
          kind: 'service_account',
          clientEmail,
          privateKey,
          adminEmail: 'admin@audit.test',
        },
        endpoints: { rootUrl: fake.rootUrl, tokenUrl: fake.tokenUrl },
        members,
      },
    });
    await seeding.close();

    const startedAt = Date.now();
    const { saved } = await killAfterSaved(dir, KILL_AFTER_SAVED, 'full');
    const killedAfterMs = Date.now() - startedAt;
    expect(saved).toBeLessThan(MEMBERS);
    // Requests the child sent before it died are still answered (and counted) by the fake.
    await new Promise((resolve) => setTimeout(resolve, LATENCY_MS * 10));
    const servedAtKill = { ...fake.servedReads };

    const store = await openTestStore(dir);
    try {
      const atKill = await store.ingestionAudit.list('acme', { limit: 10_000 });
      const resumeStart = Date.now();
      const resumed = await runSync({ store, companyId: 'acme', clock: testClock });
      const resumeMs = Date.now() - resumeStart;
      expect(resumed).toMatchObject({
        status: 'completed',
        membersRead: MEMBERS - resumed.membersResumed,
      });
      const after = await store.ingestionAudit.list('acme', { limit: 10_000 });
      const served = fake.servedReads;
      const figures: string[] = [];
      for (const resource of ['mailbox', 'calendar'] as const) {
        const killed = count(atKill, resource);
        const final = count(after, resource);
        figures.push(
          `${resource}: at kill audited ${killed.rows} (${killed.started} started) vs served ${servedAtKill[resource]}; ` +
            `after resume audited ${final.rows} (${final.interrupted} interrupted) vs served ${served[resource]}`,
        );
        // Every read the provider served has its row, at the kill and after the resume.
        expect(killed.rows).toBeGreaterThanOrEqual(servedAtKill[resource]);
        expect(final.rows).toBeGreaterThanOrEqual(served[resource]);
        // Reads in flight at the kill: started, then interrupted, never completed twice.
        expect(killed.started).toBeGreaterThan(0);
        expect(final.started).toBe(0);
        expect(final.interrupted).toBe(killed.started);
        expect(final.completed).toBe(MEMBERS);
        expect(final.membersCompleted).toBe(MEMBERS);
        // A row that was not served is one the kill stopped before it was sent.
        expect(final.rows - served[resource]).toBeLessThanOrEqual(final.interrupted);
      }
      console.info(
        `killed after ${killedAfterMs} ms (${saved} saved), resumed in ${resumeMs} ms; audited vs served:\n  ${figures.join('\n  ')}`,
      );
    } finally {
      await store.close();
    }
  }, 240_000);
});
