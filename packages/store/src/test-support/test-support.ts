import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaptureSnapshotInput, Report } from '@capture-doctor/domain';
import { afterEach } from 'vitest';
import { openStore, type Store, type StoreOptions } from '../open-store/open-store.js';
import { dumpTestDatabase, testDatabaseUrl } from '../testing/test-database.js';

/** A fixed test key (32 bytes, base64): never a real one. */
export const TEST_KEY = Buffer.alloc(32, 7).toString('base64');
export const OTHER_KEY = Buffer.alloc(32, 9).toString('base64');

/** A temporary directory removed by `cleanup`. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'capture-doctor-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A clock tests move by hand. */
export function manualClock(start = '2026-01-01T09:00:00.000Z') {
  let now = new Date(start);
  return {
    clock: () => new Date(now),
    set(at: string) {
      now = new Date(at);
    },
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
  };
}

/**
 * For a test file: a function opening a fresh store for one test, with the company `acme` and a
 * clock moved by hand, in a temporary directory removed after the test (the test closes the store).
 * @example const acmeStore = acmeStorePerTest(); it('...', async () => { const { store } = await acmeStore(); });
 */
export function acmeStorePerTest() {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  return async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const time = manualClock();
    const store = await openTestStore(dir, { clock: time.clock });
    await store.companies.create({ id: 'acme', name: 'Acme' });
    return { store, time, dir };
  };
}

/**
 * Opens a store on a real file in `dir` (on PostgreSQL: a schema named after `dir`), with the
 * test key and a silent logger unless told otherwise.
 */
export async function openTestStore(dir: string, options: StoreOptions = {}): Promise<Store> {
  const databaseUrl = await testDatabaseUrl(dir);
  return openStore({
    file: join(dir, 'store.sqlite'),
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    encryptionKey: TEST_KEY,
    env: {},
    logger: { warn: () => {} },
    ...options,
  });
}

/**
 * Every byte of every file in `dir` (database, WAL, shared memory), and on PostgreSQL every row
 * of the store opened for `dir`, to search for leaks.
 */
export function allBytes(dir: string): Buffer {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) =>
    e.isFile(),
  );
  return Buffer.concat([
    ...files.map((e) => readFileSync(join(e.parentPath, e.name))),
    dumpTestDatabase(dir),
  ]);
}

/** A small valid snapshot for `companyId`. */
export function snapshotFor(companyId: string, memberIds: string[] = ['u1']): CaptureSnapshotInput {
  return {
    version: 1,
    takenAt: '2026-01-01T08:00:00.000Z',
    company: {
      id: companyId,
      provider: 'google_workspace',
      connectionMode: 'company_wide',
      connectedByProviderAdmin: true,
      tenants: [{ id: 't1', provider: 'google_workspace' }],
      providerPermissionGranted: true,
      emailAccessAuthorized: true,
      crmConnected: true,
      import: { meetings: true, calendar: true, nonRecordedMeetings: false, emails: true },
      grantedScopes: [],
      health: 'ok',
    },
    members: memberIds.map((id) => ({
      id,
      email: `${id}@acme.example`,
      seat: { name: 'full', includesRecording: true },
      settings: {
        recording: true,
        calendarImport: true,
        nonRecordedMeetings: false,
        emailImport: true,
      },
      inScope: true,
      connection: null,
      access: { mailbox: 'ok', calendar: 'ok' },
    })),
  };
}

/** A small valid report for `companyId` with one yellow member. */
export function reportFor(companyId: string): Report {
  const counts = { off: 0, green: 0, unknown: 0, yellow: 1, red: 0 };
  return {
    version: 1,
    companyId,
    provider: 'google_workspace',
    banners: [],
    members: [
      {
        id: 'u1',
        email: 'u1@acme.example',
        icons: { microphone: 'yellow', calendar: 'yellow', email: 'yellow' },
        findings: [
          {
            ruleId: 'seat-missing',
            title: 'No recording seat',
            icons: ['microphone'],
            color: 'yellow',
            message: 'recording is on but no seat includes it',
            fix: 'assign a seat that includes recording',
            because: [{ fact: 'seat', operator: 'equal', expected: null, actual: null }],
          },
        ],
      },
    ],
    summary: {
      members: 1,
      icons: { microphone: counts, calendar: counts, email: counts },
      worst: counts,
    },
  };
}
