import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@capture-doctor/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../mailer/mailer.js';
import { type Received, startSmtp } from '../test-support/smtp-sink.js';
import { testEncryptionKey } from '../test-support/test-server.js';
import { type NoticeScheduler, startNoticeScheduler } from './notice-scheduler.js';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let dataDir: string;
beforeAll(async () => {
  smtp = await startSmtp();
  dataDir = mkdtempSync(join(tmpdir(), 'capture-doctor-scheduler-'));
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
  rmSync(dataDir, { recursive: true, force: true });
});

// The store's clock decides what is due; the test moves it by hand.
let now = new Date('2026-03-02T08:00:00.000Z');
const at = (iso: string) => {
  now = new Date(iso);
};

interface Process {
  store: Store;
  scheduler: NoticeScheduler;
  stop(): Promise<void>;
}

// One `serve` process as far as the outbox is concerned: its store, mailer and scheduler.
async function startProcess(): Promise<Process> {
  const store = await openStore({
    file: join(dataDir, 'store.sqlite'),
    encryptionKey: testEncryptionKey,
    env: {},
    logger: { warn: () => {} },
    clock: () => new Date(now),
  });
  const mailer = createMailer({ host: '127.0.0.1', port: smtp.port, secure: false, from: 'a@b.c' });
  // A long interval: only the test's ticks run.
  const scheduler = startNoticeScheduler({ store, mailer, intervalMs: 3_600_000, log: () => {} });
  return {
    store,
    scheduler,
    async stop() {
      await scheduler.stop();
      mailer.close();
      await store.close();
    },
  };
}

const to = (message: Received) => message.to.join(',');
const notice = (participant: string, notBefore: string) => ({
  companyId: 'acme',
  to: `${participant}@guest.example`,
  subject: `Notice for ${participant}`,
  text: 'This call will be recorded.',
  notBefore,
  meetingId: 'm1',
  participantId: participant,
});

describe('the notice scheduler', () => {
  it('sends each notice once when it is due, across restarts, and again only after a send died mid-way', async () => {
    let process = await startProcess();
    await process.store.companies.create({ id: 'acme', name: 'Acme' });
    const [ana, bo, cy] = await process.store.outbox.enqueueMany([
      notice('ana', '2026-03-02T09:00:00.000Z'),
      notice('bo', '2026-03-02T10:00:00.000Z'),
      notice('cy', '2026-03-02T11:00:00.000Z'),
    ]);

    expect(await process.scheduler.tick()).toEqual({ sent: 0, failed: 0 });
    at('2026-03-02T09:00:00.000Z');
    expect(await process.scheduler.tick()).toEqual({ sent: 1, failed: 0 });
    expect(smtp.received.map(to)).toEqual(['ana@guest.example']);

    // Restart: nothing already sent goes again, and what was waiting is still there.
    await process.stop();
    process = await startProcess();
    expect(await process.scheduler.tick()).toEqual({ sent: 0, failed: 0 });
    at('2026-03-02T10:30:00.000Z');
    expect(await process.scheduler.tick()).toEqual({ sent: 1, failed: 0 });
    expect(await process.scheduler.tick()).toEqual({ sent: 0, failed: 0 });
    expect(smtp.received.map(to)).toEqual(['ana@guest.example', 'bo@guest.example']);

    // A process claims cy's notice and dies before sending it: a restart neither drops it nor
    // lets two senders race for it while the claim is fresh.
    at('2026-03-02T11:00:00.000Z');
    expect(await process.store.outbox.claim(cy!.id)).toBe(true);
    await process.stop();
    process = await startProcess();
    expect(await process.scheduler.tick()).toEqual({ sent: 0, failed: 0 });
    at('2026-03-02T11:05:00.000Z');
    expect(await process.scheduler.tick()).toEqual({ sent: 1, failed: 0 });
    expect(await process.scheduler.tick()).toEqual({ sent: 0, failed: 0 });
    expect(smtp.received.map(to)).toEqual([
      'ana@guest.example',
      'bo@guest.example',
      'cy@guest.example',
    ]);

    const sent = await process.store.outbox.list('acme');
    expect(sent.map((e) => [e.participantId, e.status])).toEqual([
      ['ana', 'sent'],
      ['bo', 'sent'],
      ['cy', 'sent'],
    ]);
    expect(sent.map((e) => e.id)).toEqual([ana!.id, bo!.id, cy!.id]);
    // The Message-ID comes from the outbox id: a repeated send would be the same message.
    // (nodemailer folds the long header onto a second line)
    expect(smtp.received[0]!.data.replace(/\r\n\s+/g, ' ')).toContain(
      `Message-ID: <${ana!.id}@outbox.capture-doctor.invalid>`,
    );
    await process.stop();
  });
});
