import { z } from 'zod';

/** One field of a policy that differs between two versions; an absent field reads as null. */
export const PolicyChange = z.object({
  field: z.string().describe('the field, dotted: `noticeEmail.audience`'),
  from: z.union([z.string(), z.number(), z.boolean(), z.null()]),
  to: z.union([z.string(), z.number(), z.boolean(), z.null()]),
});
export type PolicyChange = z.infer<typeof PolicyChange>;

type Scalar = PolicyChange['from'];

// The server numbers versions, so `version` differs between any two and says nothing.
const IGNORED = new Set(['version']);

/**
 * The fields that differ between two policy bodies, old → new, in the order of the newer body;
 * `from` null compares against nothing (the first version: every field is new).
 * @example policyChanges(v1.body, v2.body) // [{ field: 'noticeEmail.audience', from: 'external', to: 'everyone' }]
 */
export function policyChanges(
  from: Record<string, unknown> | null,
  to: Record<string, unknown>,
): PolicyChange[] {
  const before = flatten(from ?? {});
  const after = flatten(to);
  const fields = [...new Set([...after.keys(), ...before.keys()])];
  return fields
    .filter((field) => !IGNORED.has(field) && before.get(field) !== after.get(field))
    .map((field) => ({ field, from: before.get(field) ?? null, to: after.get(field) ?? null }));
}

function flatten(value: Record<string, unknown>, prefix = ''): Map<string, Scalar> {
  const out = new Map<string, Scalar>();
  for (const [key, item] of Object.entries(value)) {
    const field = `${prefix}${key}`;
    if (isRecord(item)) {
      for (const [inner, scalar] of flatten(item, `${field}.`)) out.set(inner, scalar);
    } else out.set(field, asScalar(item));
  }
  return out;
}

function isRecord(item: unknown): item is Record<string, unknown> {
  return item !== null && typeof item === 'object' && !Array.isArray(item);
}

function asScalar(item: unknown): Scalar {
  if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean')
    return item;
  return item === null || item === undefined ? null : JSON.stringify(item);
}
