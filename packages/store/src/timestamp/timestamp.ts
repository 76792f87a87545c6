import { z } from 'zod';

/** A moment given to the store: a Date or an ISO 8601 string with an offset. */
export type Instant = Date | string;

/**
 * Accepts a Date or an ISO 8601 string and yields the canonical UTC form the store keeps
 * (`2026-01-02T03:04:05.000Z`), so text order equals time order in every dialect.
 */
export const InstantSchema = z
  .union([z.date(), z.iso.datetime({ offset: true })])
  .transform((value, ctx) => {
    const date = typeof value === 'string' ? new Date(value) : value;
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'expected a valid date' });
      return z.NEVER;
    }
    return date.toISOString();
  });

/**
 * The canonical UTC text of a moment.
 * @example toIso(new Date(0)) // "1970-01-01T00:00:00.000Z"
 */
export function toIso(at: Date): string {
  return at.toISOString();
}
