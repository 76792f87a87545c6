import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Report } from '@capture-doctor/domain';
import { createEvaluator, generateSnapshot, loadCaptureRules } from '@capture-doctor/engine';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT } from '../serve-command/serve-command.js';
import { type CliIo, runCli } from './run-cli.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const example = (name: string) => join(root, 'examples', name);

function captureIo(env: Record<string, string> = {}): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    env,
    isTty: false,
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
  };
  return io;
}

function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cli-')), name);
  writeFileSync(file, text);
  return file;
}

describe('capture-doctor evaluate', () => {
  it('prints a valid Report as JSON for every example snapshot', async () => {
    for (const name of [
      'healthy-google-company-wide.json',
      'mixed-microsoft-company-wide.json',
      'user-by-user-google.json',
      'not-connected.json',
    ]) {
      const io = captureIo();
      expect(await runCli(['evaluate', example(name)], io)).toBe(0);
      expect(io.err).toBe('');
      expect(() => Report.parse(JSON.parse(io.out))).not.toThrow();
    }
  });

  it('shows the healthy example all green', async () => {
    const io = captureIo();
    await runCli(['evaluate', example('healthy-google-company-wide.json')], io);
    const report = Report.parse(JSON.parse(io.out));
    expect(report.banners).toEqual([]);
    expect(report.summary.worst.green).toBe(report.summary.members - report.summary.worst.off);
  });

  it('prints a table with banners, member rows and coloured icons when colour is forced', async () => {
    const io = captureIo({ FORCE_COLOR: '1' });
    expect(await runCli(['evaluate', example('not-connected.json'), '--format', 'table'], io)).toBe(
      0,
    );
    expect(io.out).toContain('provider-not-connected');
    expect(io.out).toContain('Gavin Belson');
    expect(io.out).toContain('\u001b[33m● ');
  });

  it('prints no colour codes with NO_COLOR', async () => {
    const io = captureIo({ FORCE_COLOR: '1', NO_COLOR: '1' });
    await runCli(['evaluate', example('not-connected.json'), '--format', 'table'], io);
    expect(io.out).not.toContain('\u001b[');
  });

  it('refuses a file that is not JSON with exit code 2, naming the file and the line', async () => {
    const file = tempFile('broken.json', '{\n  "version": 1,\n  "company": }\n');
    const io = captureIo();
    expect(await runCli(['evaluate', file], io)).toBe(2);
    expect(io.out).toBe('');
    expect(io.err).toContain(file);
    expect(io.err).toMatch(/line 3, column \d+: not valid JSON/);
  });

  it('refuses a snapshot that breaks the schema, naming the path inside it and what was expected', async () => {
    const healthy = (
      await import(example('healthy-google-company-wide.json'), { with: { type: 'json' } })
    ).default as { members: Array<{ access: Record<string, string> }> };
    healthy.members[1]!.access.mailbox = 'maybe';
    const file = tempFile('bad.json', JSON.stringify(healthy));
    const io = captureIo();
    expect(await runCli(['evaluate', file], io)).toBe(2);
    expect(io.out).toBe('');
    expect(io.err).toContain(`${file}: members[1].access.mailbox:`);
    expect(io.err).toContain('"ok"');
    expect(io.err.trim().split('\n')).toHaveLength(1);
  });

  it('refuses an error code the domain does not know, naming its path in one line', async () => {
    const mixed = (
      await import(example('mixed-microsoft-company-wide.json'), { with: { type: 'json' } })
    ).default as { members: Array<{ lastError: { code: string } | null }> };
    const index = mixed.members.findIndex((member) => member.lastError !== null);
    mixed.members[index]!.lastError!.code = 'nonsense';
    const file = tempFile('bad-code.json', JSON.stringify(mixed));
    const io = captureIo();
    expect(await runCli(['evaluate', file], io)).toBe(2);
    expect(io.out).toBe('');
    expect(io.err).toContain(`${file}: members[${index}].lastError.code:`);
    expect(io.err.trim().split('\n')).toHaveLength(1);
  });

  it('writes, byte for byte, the report of the schema-validated snapshot for a generated company', async () => {
    const generated = generateSnapshot({ members: 3000, seed: 11 });
    // Members out of id order, one without the lastError the schema defaults, and a takenAt:
    // the cases the fast snapshot check leaves to the schema or must accept as they are.
    const shuffled = {
      ...generated,
      takenAt: '2026-11-30T09:00:00Z',
      members: [...generated.members].reverse(),
    };
    const { lastError: _, ...withoutLastError } = shuffled.members[5]!;
    const members: object[] = [...shuffled.members];
    members[5] = withoutLastError;
    const variants = [generated, shuffled, { ...shuffled, members }];
    const evaluator = createEvaluator(loadCaptureRules());
    for (const snapshot of variants) {
      const text = JSON.stringify(snapshot);
      const io = captureIo();
      expect(await runCli(['evaluate', tempFile('generated.json', text)], io)).toBe(0);
      expect(io.out).toBe(`${JSON.stringify(evaluator.evaluate(JSON.parse(text)), null, 2)}\n`);
    }
  });

  it('refuses a wrong value deep in a large snapshot, naming its path', async () => {
    const generated = generateSnapshot({ members: 3000, seed: 11 });
    const members = generated.members.map((member, index) =>
      index === 2500 ? { ...member, settings: { ...member.settings, recording: 'yes' } } : member,
    );
    const file = tempFile('deep.json', JSON.stringify({ ...generated, members }));
    const io = captureIo();
    expect(await runCli(['evaluate', file], io)).toBe(2);
    expect(io.out).toBe('');
    expect(io.err).toContain(`${file}: members[2500].settings.recording: `);
  });

  it('refuses a missing file and an unknown format with exit code 2', async () => {
    const missing = captureIo();
    expect(await runCli(['evaluate', '/nonexistent/snapshot.json'], missing)).toBe(2);
    expect(missing.err).toContain('/nonexistent/snapshot.json: (file): cannot be read');
    const format = captureIo();
    expect(
      await runCli(['evaluate', example('not-connected.json'), '--format', 'xml'], format),
    ).toBe(2);
    expect(format.err).toContain('--format must be json, table, csv, sarif, junit, not "xml"');
  });
});

describe('the capture-doctor process', () => {
  it('exits with code 2 and writes nothing on stdout for a bad snapshot', async () => {
    const file = tempFile('bad.json', '{"version": 2}');
    const run = promisify(execFile);
    const error = await run(
      process.execPath,
      [
        '--conditions=@capture-doctor/source',
        '--import',
        'tsx',
        join(root, 'apps/cli/src/main.ts'),
        'evaluate',
        file,
      ],
      { cwd: root },
    ).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect(error).toMatchObject({ code: 2, stdout: '' });
    expect((error as { stderr: string }).stderr).toContain(`${file}: version:`);
  });

  it('help names the port serve really listens on by default', async () => {
    const io = captureIo();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(DEFAULT_PORT).toBe(8787);
    expect(io.out).toContain(`serve [--port ${DEFAULT_PORT}]`);
  });
});
