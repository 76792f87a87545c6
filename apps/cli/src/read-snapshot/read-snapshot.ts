import { readFileSync } from 'node:fs';
import { type CaptureSnapshot, formatIssues, parseCaptureSnapshot } from '@capture-doctor/domain';
import { locateJsonError } from '../locate-json-error/locate-json-error.js';

/** A snapshot file that cannot be evaluated: names the file, the place in it and what was expected. */
export class SnapshotFileError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly problem: string,
  ) {
    super(`${file}: ${where}: ${problem}`);
    this.name = 'SnapshotFileError';
  }
}

/**
 * Reads a CaptureSnapshot v1 file and validates it.
 * @example readSnapshot('examples/healthy.json').company.id
 */
export function readSnapshot(file: string): CaptureSnapshot {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SnapshotFileError(
      file,
      '(file)',
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  const document = parseJson(file, text);
  const parsed = parseCaptureSnapshot(document);
  if (parsed.success) return parsed.data;
  const problems = formatIssues(parsed.error.issues);
  const [first] = problems;
  const more =
    problems.length > 1
      ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})`
      : '';
  throw new SnapshotFileError(
    file,
    first?.path ?? '(root)',
    `${first?.message ?? 'invalid'}${more}`,
  );
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const location = locateJsonError(text);
    if (!location) throw error;
    const where = lineAndColumn(text, location.offset);
    throw new SnapshotFileError(file, where, `not valid JSON: expected ${location.expected}`);
  }
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}
