import { z } from 'zod';
import { StoreError } from '../store-error/store-error.js';

/** Any JSON value: what opaque documents (machine snapshots, cursors, details) may hold. */
export const JsonValue = z.json();
export type JsonValue = z.infer<typeof JsonValue>;

/** A JSON object: details, settings and policy bodies are objects, never bare values. */
export const JsonObject = z.record(z.string(), JsonValue);
export type JsonObject = z.infer<typeof JsonObject>;

/**
 * Normalizes a value the way storing it as JSON would (dropping `undefined` fields, turning
 * Dates into text), or throws a StoreError naming `what` when it cannot be stored as JSON.
 * @example const state = asJson(actor.getPersistedSnapshot(), 'connection machine snapshot');
 */
export function asJson(value: unknown, what: string): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new StoreError('invalid_input', `invalid ${what}: it cannot be written as JSON`, {
      field: '(root)',
      cause,
    });
  }
  if (text === undefined) {
    throw new StoreError('invalid_input', `invalid ${what}: expected a JSON value`, {
      field: '(root)',
    });
  }
  return JSON.parse(text);
}
