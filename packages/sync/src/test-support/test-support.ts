import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Report } from '@capture-doctor/domain';
import type { DemoFakes } from '@capture-doctor/providers/fakes';
import { openStore, type Store } from '@capture-doctor/store';
import { dumpTestDatabase, testDatabaseUrl } from '@capture-doctor/store/testing';
import { connectFromSyncInput } from '../connect-from-input/connect-from-input.js';
import type { AdapterTuning } from '../run-sync/run-sync.js';
import type { PlatformSettings } from '../sync-settings/sync-settings.js';

/** A fixed test key (32 bytes, base64): never a real one. */
export const TEST_KEY = Buffer.alloc(32, 5).toString('base64');

/** The moment every test sync happens at. */
export const TEST_NOW = '2026-11-22T10:00:00.000Z';
export const testClock = () => new Date(TEST_NOW);

/** Fast adapter settings for the loopback fakes: short timeouts, one quick retry. */
export const FAST: AdapterTuning = { timeoutMs: 1000, maxRetries: 1, maxRetryWaitMs: 5 };

/** Everyone recording with a seat, every import on: what the demo companies set up. */
export const PLATFORM: PlatformSettings = {
  company: {
    providerPermissionGranted: true,
    emailAccessAuthorized: true,
    crmConnected: true,
    import: { meetings: true, calendar: true, nonRecordedMeetings: false, emails: true },
  },
  defaultMember: {
    seat: { name: 'Business', includesRecording: true },
    settings: {
      recording: true,
      calendarImport: true,
      nonRecordedMeetings: false,
      emailImport: true,
    },
  },
};

/** A temporary directory removed by `cleanup`. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'capture-doctor-sync-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Opens a store on a real SQLite file in `dir`; in the PostgreSQL project, on a schema named
 * after `dir` and `file`.
 */
export async function openTestStore(dir: string, file = 'capture-doctor.sqlite'): Promise<Store> {
  const databaseUrl = await testDatabaseUrl(join(dir, file));
  return openStore({
    file: join(dir, file),
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    encryptionKey: TEST_KEY,
    env: {},
    logger: { warn: () => {} },
    clock: testClock,
  });
}

export type DemoTenant = 'google' | 'microsoft' | 'microsoft-user-by-user';

/** Creates `companyId` connected to one of the demo fake tenants, with its members. */
export async function seedDemoCompany(
  store: Store,
  demo: DemoFakes,
  tenant: DemoTenant,
  companyId = 'acme',
): Promise<void> {
  await store.companies.create({ id: companyId, name: 'Acme' });
  const options = { platform: PLATFORM };
  if (tenant === 'google')
    await connectFromSyncInput(
      store,
      companyId,
      { provider: 'google_workspace', input: demo.googleCompanyWide },
      options,
    );
  else
    await connectFromSyncInput(
      store,
      companyId,
      {
        provider: 'microsoft_365',
        input: tenant === 'microsoft' ? demo.microsoftCompanyWide : demo.microsoftUserByUser,
      },
      options,
    );
}

/** Per member: its icon colours and the ids of the rules that fired, sorted. */
export function outcome(report: Report): Record<string, string> {
  return Object.fromEntries(
    report.members.map((member) => [
      member.id,
      `${member.icons.microphone}/${member.icons.calendar}/${member.icons.email} ${[...new Set(member.findings.map((f) => f.ruleId))].sort().join(',')}`,
    ]),
  );
}

/**
 * Every byte of every file in `dir` (database, WAL, key file), and on PostgreSQL every row of
 * the test store opened in `dir`, to search for leaks.
 */
export function allBytes(dir: string): Buffer {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) =>
    e.isFile(),
  );
  return Buffer.concat([
    ...files.map((e) => readFileSync(join(e.parentPath, e.name))),
    dumpTestDatabase(join(dir, 'capture-doctor.sqlite')),
  ]);
}

/** What the Google demo tenant implies for each member (see startDemoFakes). */
export const GOOGLE_EXPECTED = {
  'g-ada': 'green/green/green ',
  'g-grace': 'green/green/yellow mailbox-not-available',
  'g-linus': 'yellow/yellow/yellow calendar-not-available,mailbox-not-available',
  // A failed read colours the microphone and its own icon only.
  'g-margaret': 'red/green/red provider-connectivity-problem',
  'g-ken': 'red/red/green provider-connectivity-problem',
  'g-barbara': 'yellow/yellow/yellow member-outside-connection-scope',
  'g-alan': 'yellow/yellow/yellow calendar-not-available,mailbox-not-available',
};

/** What the Microsoft demo tenant implies for each member, company-wide. */
export const MICROSOFT_EXPECTED = {
  'm-satya': 'green/green/green ',
  'm-amy': 'yellow/yellow/yellow calendar-not-available,mailbox-not-available',
  'm-brad': 'yellow/yellow/yellow access-blocked-by-policy',
  'm-kevin': 'yellow/yellow/yellow calendar-not-available,mailbox-not-available',
  'm-judson': 'red/red/green provider-connectivity-problem',
  'm-scott': 'yellow/yellow/yellow member-outside-connection-scope',
  'm-ghost': 'yellow/yellow/yellow calendar-not-available,mailbox-not-available',
};

/** What the Microsoft demo tenant implies for each member, user-by-user. */
export const USER_BY_USER_EXPECTED = {
  'm-satya': 'green/green/green ',
  'm-amy': 'yellow/yellow/yellow user-connection-broken',
  'm-brad': 'yellow/yellow/yellow members-not-connected',
  'm-kevin': 'yellow/yellow/yellow mailbox-access-denied,user-connection-broken',
  'm-judson': 'red/red/green provider-connectivity-problem',
  'm-scott': 'yellow/yellow/yellow members-not-connected',
  'm-ghost': 'yellow/yellow/yellow members-not-connected',
};

const CHILD = fileURLToPath(new URL('./sync-child.ts', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Starts a sync of company "acme" in `dir` in a child process (see sync-child.ts: slowly, or as
 * a real sync runs with `pace: 'full'`) and SIGKILLs it once it has saved `count` members.
 */
export function killAfterSaved(
  dir: string,
  count: number,
  pace: 'slow' | 'full' = 'slow',
): Promise<{ child: ChildProcess; saved: number }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@capture-doctor/source', '--import', 'tsx', CHILD, dir, 'acme', pace],
    {
      cwd: PACKAGE_DIR,
      env: { ...process.env, CAPTURE_DOCTOR_ENCRYPTION_KEY: TEST_KEY },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const saved = Number(/^saved (\d+)$/.exec(line)?.[1] ?? Number.NaN);
        if (saved >= count) {
          child.kill('SIGKILL');
          child.once('exit', () => resolve({ child, saved }));
          return;
        }
        if (line === 'finished') reject(new Error('the child finished before it could be killed'));
      }
    });
    child.once('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`the child exited (${code}): ${stderr}`));
    });
  });
}
