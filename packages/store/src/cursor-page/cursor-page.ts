import { z } from 'zod';
import { StoreError } from '../store-error/store-error.js';

/**
 * The paging every list takes: `limit` rows (default 50, at most 500) after `cursor`, the opaque
 * `nextCursor` of the previous page. Query strings arrive as text, so `limit` is coerced.
 */
export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(2000).optional().describe('the nextCursor of the previous page'),
});
export type PageQuery = z.output<typeof PageQuery>;

/** One page of a list: `nextCursor` is absent on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** Where a row sits in its list's order: compared element by element. */
export type CursorKey = readonly (string | number)[];

const CursorKeySchema = z.array(z.union([z.string(), z.number()])).min(1);

/**
 * The opaque text of a key (base64url JSON): clients pass it back unread.
 * @example encodeCursor(['2026-01-01T09:00:00.000Z', 'log_1']) // 'WyIyMDI2...'
 */
export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * The key a cursor holds; a cursor this list did not make is `invalid_input` on `cursor`.
 * @example decodeCursor(page.nextCursor!, 2)
 */
export function decodeCursor(cursor: string, length: number): CursorKey {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    raw = undefined;
  }
  const parsed = CursorKeySchema.safeParse(raw);
  if (!parsed.success || parsed.data.length !== length) {
    throw new StoreError('invalid_input', 'cursor: not a cursor of this list', {
      field: 'cursor',
    });
  }
  return parsed.data;
}

/**
 * Compares two keys element by element (numbers as numbers, text by code unit).
 * @example compareKeys([1, 'b'], [1, 'a']) // 1
 */
export function compareKeys(a: CursorKey, b: CursorKey): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return a.length - b.length;
}

/**
 * A page from rows read one past the limit: the extra row only says another page follows, and
 * the last row kept gives the cursor. Rows must be in the list's order.
 * @example pageOf(await query.limit(page.limit + 1).execute(), page.limit, (row) => [row.at, row.id])
 */
export function pageOf<T>(
  rows: readonly T[],
  limit: number,
  keyOf: (row: T) => CursorKey,
): Page<T> {
  if (rows.length <= limit) return { items: [...rows] };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(keyOf(items[items.length - 1]!)) };
}

/**
 * A page of a list held in memory and sorted by `keyOf` ascending: the rows after the cursor's
 * key. Keys, not positions, so rows added between two pages are neither repeated nor skipped
 * (a row added before the cursor is simply not in the rest of the walk).
 * @example pageAfter(members, { limit: 100 }, (m) => [m.rank, m.name, m.id])
 */
export function pageAfter<T>(
  sorted: readonly T[],
  page: { limit: number; cursor?: string | undefined },
  keyOf: (row: T) => CursorKey,
  keep: (row: T) => boolean = () => true,
): Page<T> {
  let start = 0;
  if (page.cursor !== undefined && sorted.length > 0) {
    const after = decodeCursor(page.cursor, keyOf(sorted[0]!).length);
    // Binary search for the first row whose key is past the cursor's.
    let high = sorted.length;
    while (start < high) {
      const middle = (start + high) >>> 1;
      if (compareKeys(keyOf(sorted[middle]!), after) <= 0) start = middle + 1;
      else high = middle;
    }
  }
  const rows: T[] = [];
  for (let i = start; i < sorted.length && rows.length <= page.limit; i++) {
    if (keep(sorted[i]!)) rows.push(sorted[i]!);
  }
  return pageOf(rows, page.limit, keyOf);
}
