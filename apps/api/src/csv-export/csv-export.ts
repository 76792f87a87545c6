// @internal: a part of the API's own wiring, not used outside apps/api.
import { once } from 'node:events';
import type { Page } from '@capture-doctor/store';
import { stringify } from 'csv-stringify';
import type { Context } from 'hono';
import { stream } from 'hono/streaming';

/** A list export: its column names and the rows, read from the store page by page. */
export interface CsvExport {
  filename: string;
  columns: readonly string[];
  /** Each yielded page is the rows of one read; a page is written before the next is read. */
  pages: AsyncIterable<Iterable<readonly string[]>>;
}

/** How many rows an export reads from the store at a time. */
export const EXPORT_PAGE_SIZE = 500;

const WRITE_BATCH_CHARS = 16 * 1024;

/**
 * The rows of a paged list, a page at a time, for csvResponse. The first page is read at once,
 * so a bad query or a missing list is refused before the answer starts.
 * @example const pages = await exportPages((cursor) => auditPage(deps, id, { limit: 500, cursor }), auditRow)
 */
export async function exportPages<T>(
  read: (cursor: string | undefined) => Promise<Page<T>>,
  row: (item: T) => string[],
): Promise<AsyncGenerator<Iterable<string[]>>> {
  const first = await read(undefined);
  return (async function* () {
    for (let page = first; ; page = await read(page.nextCursor)) {
      yield rowsOf(page.items, row);
      if (page.nextCursor === undefined) return;
    }
  })();
}

// Each row is made as it is written, not a page of rows at once: a page waits on a slow client,
// and rows held that long outlive V8's young generation and pile up in the old one.
function* rowsOf<T>(items: readonly T[], row: (item: T) => string[]): Generator<string[]> {
  for (const item of items) yield row(item);
}

// A spreadsheet runs a cell that starts like a formula: quote it so it stays text.
/**
 * A cell a spreadsheet shows as text, never runs as a formula.
 * @example csvCell('=SUM(A1)') // "'=SUM(A1)"
 */
export function csvCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Whether a list request asks for CSV: `?format=csv`, or `Accept: text/csv` without a format.
 * @example wantsCsv(c, query.format)
 */
export function wantsCsv(c: Context, format: 'json' | 'csv' | undefined): boolean {
  if (format !== undefined) return format === 'csv';
  return /\btext\/csv\b/i.test(c.req.header('accept') ?? '');
}

/**
 * Answers text/csv streamed through csv-stringify: each page of rows is written as it is read,
 * waiting while the client is slower, so memory stays flat in the number of rows.
 * @example return csvResponse(c, { filename: 'members.csv', columns, pages })
 */
export function csvResponse(c: Context, csv: CsvExport): Response {
  c.header('content-type', 'text/csv; charset=utf-8');
  c.header('content-disposition', `attachment; filename="${csv.filename}"`);
  return stream(c, async (out) => {
    const stringifier = stringify({
      header: true,
      columns: [...csv.columns],
      record_delimiter: '\r\n',
    });
    // A client that hangs up stops the reading too, instead of leaving it waiting to write.
    const hangUp = new AbortController();
    out.onAbort(() => hangUp.abort());
    const writing = writeRows(stringifier, csv.pages, hangUp.signal);
    // csv-stringify gives a string per row: sent in batches, each costs one write to the
    // response stream instead of one (an encoding, a chunk, promises) per row.
    let batch = '';
    for await (const chunk of stringifier) {
      batch += chunk;
      if (batch.length < WRITE_BATCH_CHARS) continue;
      await out.write(batch);
      batch = '';
    }
    if (batch.length > 0) await out.write(batch);
    await writing;
  });
}

async function writeRows(
  stringifier: ReturnType<typeof stringify>,
  pages: CsvExport['pages'],
  signal: AbortSignal,
): Promise<void> {
  try {
    for await (const page of pages) {
      for (const row of page) {
        if (!stringifier.write(row.map(csvCell))) await once(stringifier, 'drain', { signal });
      }
    }
    stringifier.end();
  } catch (error) {
    stringifier.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}
