import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DemoFakes, startDemoFakes } from '@capture-doctor/providers/fakes';
import { openStore } from '@capture-doctor/store';
import { connectFromSyncInput } from '@capture-doctor/sync';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { CliIo } from '../run-cli/run-cli.js';
import { syncCommand } from './sync-command.js';

const FAST = { timeoutMs: 1000, maxRetries: 1, maxRetryWaitMs: 5 };
const clock = () => new Date('2026-11-22T10:00:00.000Z');
const everythingImported = {
  meetings: true,
  calendar: true,
  nonRecordedMeetings: true,
  emails: true,
};
const recordingOn = {
  recording: true,
  calendarImport: true,
  nonRecordedMeetings: true,
  emailImport: true,
};
/** A consent policy that tells external participants ahead of the call and asks them on the page. */
const policy = {
  id: 'acme-recording',
  version: 1,
  recorderName: 'Acme Notetaker',
  noticeEmail: { enabled: true, leadTimeHours: 24, audience: 'external' },
  consentPage: { enabled: true, audience: 'everyone' },
  announcement: { enabled: true },
};
let demo: DemoFakes;
let dir: string;

beforeAll(async () => {
  demo = await startDemoFakes({ latencyMs: 5 });
});
afterAll(async () => {
  await demo.close();
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A data directory holding company "acme" connected company-wide to the Google demo tenant. */
async function dataDir(fakes: DemoFakes = demo, recordsMeetings = false): Promise<string> {
  dir = mkdtempSync(join(tmpdir(), 'capture-doctor-cli-sync-'));
  const store = await openStore({
    file: join(dir, 'capture-doctor.sqlite'),
    env: {},
    logger: { warn: () => {} },
  });
  await store.companies.create({ id: 'acme', name: 'Acme' });
  await connectFromSyncInput(
    store,
    'acme',
    { provider: 'google_workspace', input: fakes.googleCompanyWide },
    {
      platform: {
        company: {
          providerPermissionGranted: true,
          emailAccessAuthorized: true,
          crmConnected: true,
          ...(recordsMeetings ? { import: everythingImported } : {}),
        },
        defaultMember: {
          seat: { name: 'Business', includesRecording: true },
          ...(recordsMeetings ? { settings: recordingOn } : {}),
        },
      },
    },
  );
  await store.close();
  return dir;
}

function captureIo(isTty: boolean, onOut?: (text: string) => void) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => {
      out.push(text);
      onOut?.(text);
    },
    stderr: (text) => err.push(text),
    env: {},
    isTty,
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

describe('capture-doctor sync', () => {
  it('syncs a company of the data directory, printing plain progress lines and a summary', async () => {
    const data = await dataDir();
    const { io, out, err } = captureIo(false);
    const code = await syncCommand({ clock, tuning: FAST, onInterrupt: () => () => {} })(
      ['acme', '--data', data],
      io,
    );
    expect(err()).toBe('');
    expect(code).toBe(0);
    expect(out()).toContain('reading: 7/7 members\n');
    expect(out()).toContain('synced acme: 7 members read\n');
    expect(out()).toMatch(/7 members: \d+ green, \d+ yellow, \d+ red/);
    expect(out()).not.toContain('\r');
    const store = await openStore({ file: join(data, 'capture-doctor.sqlite'), env: {} });
    expect((await store.evaluations.latest('acme'))?.report.members).toHaveLength(7);
    await store.close();
  });

  it("brings the calendars' meetings into the consent flow after the sync, as serve and worker do", async () => {
    const withMeetings = await startDemoFakes({ latencyMs: 5, meetingsFrom: clock() });
    onTestFinished(() => withMeetings.close());
    const data = await dataDir(withMeetings, true);
    const setup = await openStore({ file: join(data, 'capture-doctor.sqlite'), env: {} });
    const draft = await setup.consentPolicies.createDraft('acme', {
      createdBy: 'test',
      body: policy,
    });
    await setup.consentPolicies.approve('acme', draft.version, { approvedBy: 'test' });
    await setup.close();
    const { io, out, err } = captureIo(false);
    const sync = syncCommand({ clock, tuning: FAST, onInterrupt: () => () => {} });
    expect(await sync(['acme', '--data', data], io)).toBe(0);
    expect(err()).toBe('');
    const [, started] = /consent flow: (\d+) calendar meetings started, 0 moved/.exec(out()) ?? [];
    expect(Number(started)).toBeGreaterThan(0);
    const store = await openStore({ file: join(data, 'capture-doctor.sqlite'), env: {} });
    const joined = await store.meetings.list('acme', { source: 'calendar', limit: 500 });
    expect(joined).toHaveLength(Number(started));
    // Each starts the way a meeting registered through the API does: its notices queued.
    const notices = await store.outbox.list('acme', { meetingId: joined[0]?.id ?? '' });
    expect(notices.length).toBeGreaterThan(0);
    expect(notices[0]?.text).toContain('http://127.0.0.1:8787/consent/');
    await store.close();
    // A second sync over the same calendars changes nothing in the flow.
    const again = captureIo(false);
    expect(await sync(['acme', '--data', data], again.io)).toBe(0);
    expect(again.out()).toContain(
      'consent flow: 0 calendar meetings started, 0 moved, 0 cancelled',
    );
  });

  it('draws a progress bar in place on a terminal', async () => {
    const data = await dataDir();
    const { io, out } = captureIo(true);
    expect(
      await syncCommand({ clock, tuning: FAST, onInterrupt: () => () => {} })(
        ['acme', '--data', data],
        io,
      ),
    ).toBe(0);
    expect(out()).toContain('\r\x1b[2K[##############################] 7/7 members  100%');
  });

  it('Ctrl+C stops the sync cleanly, and the next sync resumes from what was saved', async () => {
    const data = await dataDir();
    let interrupt = () => {};
    const { io, out, err } = captureIo(false, (text) => {
      if (text.startsWith('reading: 1/7') || text.startsWith('reading: 2/7')) interrupt();
    });
    const code = await syncCommand({
      clock,
      tuning: { ...FAST, concurrency: 1 },
      onInterrupt: (cancel) => {
        interrupt = cancel;
        return () => {};
      },
    })(['acme', '--data', data], io);
    expect(code).toBe(130);
    expect(err()).toContain('stopping');
    expect(out()).toMatch(
      /cancelled: \d members read and saved\. Run `capture-doctor sync acme` again to resume\./,
    );
    const again = captureIo(false);
    expect(
      await syncCommand({ clock, tuning: FAST, onInterrupt: () => () => {} })(
        ['acme', '--data', data],
        again.io,
      ),
    ).toBe(0);
    const [, read, kept] =
      /synced acme: (\d) members read, (\d) kept from run \S+\n/.exec(again.out()) ?? [];
    expect(Number(read) + Number(kept)).toBe(7);
    expect(Number(kept)).toBeGreaterThan(0);
  });

  it('says in one line, exit 1, why the store refuses to open: a bad key or a key file others can read', async () => {
    const data = await dataDir();
    const short = Buffer.alloc(16, 3).toString('base64');
    const badKey = captureIo(false);
    const withKey = { ...badKey.io, env: { CAPTURE_DOCTOR_ENCRYPTION_KEY: short } };
    expect(
      await syncCommand({ onInterrupt: () => () => {} })(['acme', '--data', data], withKey),
    ).toBe(1);
    expect(badKey.err().trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        /^capture-doctor sync: CAPTURE_DOCTOR_ENCRYPTION_KEY .*decodes to 16 bytes/,
      ),
    ]);
    expect(badKey.err()).not.toContain(short);

    const keyFile = join(data, 'encryption.key');
    writeFileSync(keyFile, `${Buffer.alloc(32, 5).toString('base64')}\n`);
    chmodSync(keyFile, 0o644);
    const exposed = captureIo(false);
    expect(
      await syncCommand({ onInterrupt: () => () => {} })(['acme', '--data', data], exposed.io),
    ).toBe(1);
    expect(exposed.err().trimEnd().split('\n')).toEqual([
      `capture-doctor sync: the key file ${keyFile} can be read by other users (mode 0644): ` +
        `restrict it with \`chmod 600 ${keyFile}\` and start again`,
    ]);
  });

  it('an unknown company or a missing argument is reported, not thrown', async () => {
    const data = await dataDir();
    const unknown = captureIo(false);
    expect(
      await syncCommand({ onInterrupt: () => () => {} })(['nobody', '--data', data], unknown.io),
    ).toBe(1);
    expect(unknown.err()).toContain('company "nobody" does not exist');
    const usage = captureIo(false);
    expect(await syncCommand()([], usage.io)).toBe(2);
    expect(usage.err()).toContain('a company id is required');
  });
});
