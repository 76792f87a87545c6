import { z } from 'zod';

/** Paging for history lists: newest first, `limit` rows, optionally only those before an id. */
export const HistoryPage = z.strictObject({
  limit: z.number().int().min(1).max(1000).default(50),
  /** Return only entries older than this entry id (the last id of the previous page). */
  before: z.string().min(1).optional(),
});
export type HistoryPage = z.input<typeof HistoryPage>;
