import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareKeys, decodeCursor, encodeCursor, pageAfter, pageOf } from './cursor-page.js';

type Row = { rank: number; name: string; id: string };
const keyOf = (row: Row) => [row.rank, row.name, row.id];
const sortRows = (rows: Row[]) => [...rows].sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
const rowArb = fc.record({
  rank: fc.integer({ min: 0, max: 4 }),
  name: fc.constantFrom('ada', 'Ada', 'bob', 'cy', ''),
  id: fc.uuid(),
});

describe('cursor paging', () => {
  it('walks every row exactly once with random page sizes, while rows are added between pages', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(rowArb, { selector: (r) => r.id, maxLength: 200 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 30 }),
        fc.array(rowArb, { maxLength: 30 }),
        (start, sizes, added) => {
          let rows = sortRows(start);
          const seen: string[] = [];
          let cursor: string | undefined;
          let turn = 0;
          do {
            const limit = sizes[turn % sizes.length]!;
            const page = pageAfter(rows, { limit, cursor }, keyOf);
            expect(page.items.length).toBeLessThanOrEqual(limit);
            seen.push(...page.items.map((r) => r.id));
            cursor = page.nextCursor;
            // A row arrives between two pages, anywhere in the order.
            const extra = added[turn];
            if (extra) rows = sortRows([...rows, { ...extra, id: `new-${turn}` }]);
            turn++;
          } while (cursor !== undefined);
          const original = start.map((r) => r.id);
          expect(new Set(seen).size).toBe(seen.length);
          expect(seen.filter((id) => !id.startsWith('new-')).sort()).toEqual([...original].sort());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives no nextCursor on the last page, nor on an empty list', () => {
    expect(pageAfter([], { limit: 5 }, keyOf)).toEqual({ items: [] });
    const rows = sortRows([
      { rank: 1, name: 'a', id: '1' },
      { rank: 1, name: 'b', id: '2' },
    ]);
    const first = pageAfter(rows, { limit: 1 }, keyOf);
    expect(first.nextCursor).toBeDefined();
    const last = pageAfter(rows, { limit: 1, cursor: first.nextCursor }, keyOf);
    expect(last).toEqual({ items: [rows[1]] });
    expect(pageAfter(rows, { limit: 2 }, keyOf).nextCursor).toBeUndefined();
  });

  it('keeps only the rows a filter keeps, and still pages by key', () => {
    const rows = sortRows(
      Array.from({ length: 30 }, (_, i) => ({ rank: i % 3, name: `n${i}`, id: String(i) })),
    );
    const kept: string[] = [];
    let cursor: string | undefined;
    do {
      const page = pageAfter(rows, { limit: 4, cursor }, keyOf, (r) => r.rank === 2);
      kept.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(kept.sort()).toEqual(
      rows
        .filter((r) => r.rank === 2)
        .map((r) => r.id)
        .sort(),
    );
  });

  it('refuses a cursor it did not make, naming the cursor', () => {
    expect(() => decodeCursor('not-a-cursor', 2)).toThrow(
      expect.objectContaining({ code: 'invalid_input', field: 'cursor' }),
    );
    expect(() => decodeCursor(encodeCursor(['a']), 2)).toThrow(
      expect.objectContaining({ field: 'cursor' }),
    );
  });

  it('makes a page from rows read one past the limit', () => {
    const rows = [1, 2, 3].map((n) => ({ at: `t${n}`, id: `r${n}` }));
    const page = pageOf(rows, 2, (r) => [r.at, r.id]);
    expect(page.items).toEqual(rows.slice(0, 2));
    expect(decodeCursor(page.nextCursor!, 2)).toEqual(['t2', 'r2']);
    expect(pageOf(rows, 3, (r) => [r.at, r.id])).toEqual({ items: rows });
  });
});
