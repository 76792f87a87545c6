import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@capture-doctor/api';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli/run-cli.js';
import { captureIo } from '../test-support/capture-io.js';
import { evidenceCommand } from './evidence-command.js';

let dir: string;
let meetingIds: string[];

async function verify(...args: string[]) {
  const { io, out, err } = captureIo();
  const code = await runCli(['evidence', 'verify', ...args, '--data', dir], io, {
    evidence: evidenceCommand(),
  });
  return { code, out: out(), err: err() };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'capture-doctor-cli-evidence-'));
  // The demo start seeds meetings whose evidence went through the consent machine.
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    dataDir: dir,
    docsDir: null,
    smtp: null,
    log: () => {},
  });
  meetingIds = (await server.store.meetings.list('demo')).map((m) => m.id);
  await server.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('capture-doctor evidence verify', () => {
  it('says every demo meeting’s chain is valid, offline on the store', async () => {
    expect(meetingIds.length).toBeGreaterThanOrEqual(3);
    for (const id of meetingIds) {
      const { code, out } = await verify('demo', id);
      expect(code).toBe(0);
      expect(out).toMatch(/^valid: \d+ events, last hash [0-9a-f]{64}\n$/);
    }
  });

  it('exits 1 naming the first broken link once a row was edited with SQL', async () => {
    // The first demo meeting by start time is under way, with several steps of evidence.
    const id = meetingIds[0]!;
    const db = new Database(join(dir, 'capture-doctor.sqlite'));
    const edit = db
      .prepare(
        `UPDATE consent_evidence SET at = '2020-01-01T00:00:00.000Z' WHERE meeting_id = ? AND seq = 2`,
      )
      .run(id);
    db.close();
    expect(edit.changes).toBe(1);
    const { code, out } = await verify('demo', id);
    expect(code).toBe(1);
    expect(out).toMatch(
      /^broken at seq 2 \(event [0-9a-f-]+\): hash_mismatch, expected hash [0-9a-f]{64}\n$/,
    );
  });

  it('refuses an unknown meeting and a missing argument with exit 2', async () => {
    expect(await verify('demo', 'nope')).toMatchObject({
      code: 2,
      err: expect.stringContaining('no meeting "nope"'),
    });
    expect(await verify('demo')).toMatchObject({ code: 2, err: expect.stringContaining('Usage:') });
  });
});
