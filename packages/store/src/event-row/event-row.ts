// @internal: what the append-only tables (audit log, consent evidence, ingestion audit) share.
import { JsonObject } from '../json-value/json-value.js';
import { newId } from '../new-id/new-id.js';
import { type SnakeRow, snakeRow } from '../row-case/row-case.js';
import { InstantSchema } from '../timestamp/timestamp.js';

/** The input fields of an event with details: when it happened (default now) and what it carried. */
export const EventFields = {
  /** When; defaults to now. */
  at: InstantSchema.optional(),
  details: JsonObject.default({}),
};

/**
 * An appended event as its row: a new id, the company, the event's fields as columns, and `at`
 * defaulting to `now`.
 * @example const row = eventRow('acme', read, ctx.now());
 */
export function eventRow<C extends string | null, E extends { at?: string | undefined }>(
  companyId: C,
  event: E,
  now: string,
): { id: string; company_id: C } & Omit<SnakeRow<E>, 'at'> & { at: string } {
  return { id: newId(), company_id: companyId, ...snakeRow(event), at: event.at ?? now };
}
