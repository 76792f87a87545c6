import { z } from 'zod';
import { InstantSchema } from '../timestamp/timestamp.js';

/**
 * A period filter: `from` inclusive, `to` exclusive, at most `limit` rows, oldest first unless
 * `order` is `desc` (then the newest `limit` rows, newest first).
 */
export const TimeRange = z.strictObject({
  from: InstantSchema.optional(),
  to: InstantSchema.optional(),
  limit: z.number().int().min(1).max(10_000).default(1000),
  order: z.enum(['asc', 'desc']).default('asc'),
  /** Only rows past this `[at, id]` in the chosen order: the key of a page's last row. */
  after: z.tuple([z.string(), z.string()]).optional(),
});
export type TimeRange = z.input<typeof TimeRange>;
