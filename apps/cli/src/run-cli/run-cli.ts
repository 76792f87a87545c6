import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Report } from '@capture-doctor/domain';
import { type CaptureRuleSet, createEvaluator, loadCaptureRules } from '@capture-doctor/engine';
import { DEFAULT_PORT } from '../default-port/default-port.js';
import { readSnapshot, SnapshotFileError } from '../read-snapshot/read-snapshot.js';
import { renderTable } from '../render-table/render-table.js';
import { sarifReport } from '../sarif-report/sarif-report.js';

/** Where the CLI writes; injected so tests can read what it printed. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  isTty: boolean;
}

/** A command beyond `evaluate`, registered by the entry point (serve, sync...). */
export type CliCommand = (args: string[], io: CliIo) => Promise<number>;

const USAGE = `Usage:
  capture-doctor evaluate <snapshot.json> [--format json|table|csv|sarif|junit]
  capture-doctor serve [--port ${DEFAULT_PORT}] [--host 127.0.0.1] [--data ./data] [--no-worker]
  capture-doctor worker [--data ./data] [--concurrency 1]
  capture-doctor sync <company-id> [--data ./data] [--verbose]
  capture-doctor keys create <company-id> --role admin|compliance|support [--name text] [--data ./data]
  capture-doctor keys list <company-id> [--data ./data]
  capture-doctor evidence verify <company-id> <meeting-id> [--data ./data]
`;

/**
 * Runs the command line and returns its exit code: 0 done, 2 bad input or usage.
 * @example await runCli(['evaluate', 'examples/healthy.json'], io)
 */
export async function runCli(
  argv: string[],
  io: CliIo,
  commands: Readonly<Record<string, CliCommand>> = {},
): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'evaluate') return evaluateCommand(rest, io);
  const other = command ? commands[command] : undefined;
  if (other) return other(rest, io);
  if (command === undefined || command === '--help' || command === 'help') {
    io.stdout(USAGE);
    return command === undefined ? 2 : 0;
  }
  io.stderr(`capture-doctor: unknown command "${command}"\n${USAGE}`);
  return 2;
}

async function evaluateCommand(args: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseEvaluateArgs>;
  try {
    parsed = parseEvaluateArgs(args);
  } catch (error) {
    io.stderr(`capture-doctor evaluate: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { file, format } = parsed;
  try {
    const snapshot = readSnapshot(file);
    const ruleSet = loadCaptureRules();
    const report = createEvaluator(ruleSet).evaluateSnapshot(snapshot);
    io.stdout(await formatReport(report, ruleSet, format, file, io));
    return 0;
  } catch (error) {
    if (error instanceof SnapshotFileError) {
      io.stderr(`capture-doctor: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

const FORMATS = ['json', 'table', 'csv', 'sarif', 'junit'] as const;
type Format = (typeof FORMATS)[number];

async function formatReport(
  report: Report,
  ruleSet: CaptureRuleSet,
  format: Format,
  file: string,
  io: CliIo,
): Promise<string> {
  // CSV and JUnit load their libraries when asked for: the default JSON report then starts
  // without xmlbuilder2 and csv-stringify, which take longer to load than a snapshot to evaluate.
  switch (format) {
    case 'table': {
      const color = io.env.NO_COLOR === undefined && (io.isTty || io.env.FORCE_COLOR !== undefined);
      return renderTable(report, ruleSet.catalog, { color });
    }
    case 'csv': {
      const { csvReport } = await import('../csv-report/csv-report.js');
      return csvReport(report);
    }
    case 'sarif': {
      const publicUrl = io.env.CAPTURE_DOCTOR_PUBLIC_URL ?? `http://127.0.0.1:${DEFAULT_PORT}`;
      const source = { snapshotFile: file, publicUrl, version: cliVersion() };
      return `${JSON.stringify(sarifReport(report, ruleSet, source), null, 2)}\n`;
    }
    case 'junit': {
      const { junitReport } = await import('../junit-report/junit-report.js');
      return `${junitReport(report, ruleSet.catalog)}\n`;
    }
    default:
      return `${JSON.stringify(report, null, 2)}\n`;
  }
}

function cliVersion(): string {
  const pkg: unknown = JSON.parse(
    readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
  );
  return typeof pkg === 'object' && pkg !== null && 'version' in pkg
    ? String(pkg.version)
    : '0.0.0';
}

function isFormat(value: string | undefined): value is Format {
  return FORMATS.some((format) => format === value);
}

function parseEvaluateArgs(args: string[]): { file: string; format: Format } {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string', default: 'json' } },
  });
  const [file, extra] = positionals;
  if (file === undefined) throw new Error('a snapshot file is required');
  if (extra !== undefined) throw new Error(`unexpected argument "${extra}"`);
  if (!isFormat(values.format)) {
    throw new Error(`--format must be ${FORMATS.join(', ')}, not "${values.format}"`);
  }
  return { file, format: values.format };
}
