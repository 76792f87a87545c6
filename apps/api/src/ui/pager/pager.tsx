/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { screenText } from '../screen-text/screen-text.js';

/** One page of a list, with where it sits in the whole. */
export interface Page<T> {
  items: T[];
  page: number;
  pages: number;
  size: number;
  /** how many items all pages hold together */
  total: number;
}

/** Members a page shows unless the address asks for another size. */
export const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 500;

/**
 * Reads `page` (from 1) and `size` (1–500, default 100) from a screen's query; anything else
 * falls back to the first page of the default size rather than being refused.
 * @example readPaging({ page: '3' }) // { page: 3, size: 100 }
 */
export function readPaging(query: Record<string, string | undefined>): {
  page: number;
  size: number;
} {
  const whole = (value: string | undefined, fallback: number, max: number) => {
    const n = Number(value);
    return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : fallback;
  };
  return {
    page: whole(query.page, 1, Number.MAX_SAFE_INTEGER),
    size: whole(query.size, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
  };
}

/**
 * Cuts one page out of a list; a page past the end shows the last one.
 * @example pageOf([1, 2, 3], { page: 2, size: 2 }).items // [3]
 */
export function pageOf<T>(all: readonly T[], paging: { page: number; size: number }): Page<T> {
  const pages = Math.max(1, Math.ceil(all.length / paging.size));
  const page = Math.min(paging.page, pages);
  const start = (page - 1) * paging.size;
  return {
    items: all.slice(start, start + paging.size),
    page,
    pages,
    size: paging.size,
    total: all.length,
  };
}

/**
 * Previous and next links that keep the rest of the query (filters, search, size).
 * @example <Pager page={page} path="/team" query={{ color: 'red' }} />
 */
export function Pager(props: { page: Page<unknown>; path: string; query: Record<string, string> }) {
  const { page } = props;
  if (page.pages <= 1) return null;
  const href = (n: number) => {
    const params = new URLSearchParams({ ...props.query, page: String(n) });
    if (page.size !== DEFAULT_PAGE_SIZE) params.set('size', String(page.size));
    return `${props.path}?${params}`;
  };
  return (
    <nav class="pager" aria-label={screenText('page-of', { page: page.page, pages: page.pages })}>
      {page.page > 1 ? (
        <a class="btn secondary" rel="prev" href={href(page.page - 1)}>
          {screenText('page-previous')}
        </a>
      ) : null}
      <span>{screenText('page-of', { page: page.page, pages: page.pages })}</span>
      {page.page < page.pages ? (
        <a class="btn secondary" rel="next" href={href(page.page + 1)}>
          {screenText('page-next')}
        </a>
      ) : null}
    </nav>
  );
}
