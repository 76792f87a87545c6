import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Report } from '@capture-doctor/domain';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli/run-cli.js';
import { captureIo } from '../test-support/capture-io.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const example = join(root, 'examples', 'mixed-microsoft-company-wide.json');

async function evaluate(file: string, format: string) {
  const { io, out, err } = captureIo();
  expect(await runCli(['evaluate', file, '--format', format], io)).toBe(0);
  expect(err()).toBe('');
  return out();
}

describe('capture-doctor evaluate --format csv', () => {
  it('round-trips every member, with names holding commas, quotes and newlines', async () => {
    const snapshot = JSON.parse(readFileSync(example, 'utf8')) as {
      members: Array<{ name?: string }>;
    };
    const names = ['Park, Ada', 'Ada "the boss" Park', 'Ada\nPark'];
    names.forEach((name, i) => {
      snapshot.members[i]!.name = name;
    });
    const file = join(mkdtempSync(join(tmpdir(), 'cli-csv-')), 'snapshot.json');
    writeFileSync(file, JSON.stringify(snapshot));
    const report = Report.parse(JSON.parse(await evaluate(file, 'json')));
    const rows = parse(await evaluate(file, 'csv'), { columns: true }) as Record<string, string>[];
    expect(rows).toEqual(
      report.members.map((m) => ({
        id: m.id,
        name: m.name ?? '',
        email: m.email,
        microphone: m.icons.microphone,
        calendar: m.icons.calendar,
        email_icon: m.icons.email,
        finding_ids: m.findings.map((f) => f.ruleId).join(' '),
        finding_messages: m.findings.map((f) => f.message).join('\n'),
      })),
    );
    expect(rows.slice(0, 3).map((r) => r.name)).toEqual(names);
  });
});
