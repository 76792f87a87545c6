import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@capture-doctor/store';
import { afterAll, describe, expect, it } from 'vitest';
import { testEncryptionKey } from '../test-support/test-server.js';
import { createMailer } from './mailer.js';

const dataDir = mkdtempSync(join(tmpdir(), 'capture-doctor-mail-drop-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('a mail drop', () => {
  it('writes each due email as an .eml file named after its outbox id, marks it sent and writes it once', async () => {
    const store = await openStore({
      file: join(dataDir, 'store.sqlite'),
      encryptionKey: testEncryptionKey,
      env: {},
      logger: { warn: () => {} },
    });
    const mailDir = join(dataDir, 'mail');
    const mailer = createMailer({ dir: mailDir, from: 'cd@example.com' });
    try {
      await store.companies.create({ id: 'acme', name: 'Acme' });
      const email = await store.outbox.enqueue({
        companyId: 'acme',
        to: 'ana@guest.example',
        subject: 'This call will be recorded',
        text: 'Your own consent link: https://cd.example/consent/abc',
      });

      expect(await mailer.flush(store)).toEqual({ sent: 1, failed: 0 });
      expect(await mailer.flush(store)).toEqual({ sent: 0, failed: 0 });

      expect(readdirSync(mailDir)).toEqual([`${email.id}.eml`]);
      const file = join(mailDir, `${email.id}.eml`);
      const raw = readFileSync(file, 'utf8');
      expect(raw).toContain('To: ana@guest.example');
      expect(raw).toContain('Subject: This call will be recorded');
      expect(raw).toContain('https://cd.example/consent/abc');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const [listed] = await store.outbox.list('acme');
      expect(listed?.status).toBe('sent');
    } finally {
      mailer.close();
      await store.close();
    }
  });
});
