import type { CaptureSnapshotInput } from '@capture-doctor/domain';

type Json = unknown;

/**
 * Builds the snapshot a rule case describes: the case's `company` and `member` overrides
 * deep-merged onto the baseline (objects merge, arrays and scalars replace); the member is `m1`.
 * @example caseSnapshot(baseline, { company: { provider: null }, member: {} })
 */
export function caseSnapshot(
  baseline: CaptureSnapshotInput,
  overrides: { company?: Record<string, unknown>; member?: Record<string, unknown> },
): unknown {
  const [first] = baseline.members;
  return {
    ...baseline,
    company: deepMerge(baseline.company, overrides.company ?? {}),
    members: [deepMerge(first, overrides.member ?? {})],
  };
}

/**
 * Merges an override onto a base: objects merge key by key, arrays and scalars replace.
 * @example deepMerge({ a: { b: 1, c: 2 } }, { a: { c: 3 } }) // { a: { b: 1, c: 3 } }
 */
export function deepMerge(base: Json, override: Json): Json {
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const merged: Record<string, Json> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = deepMerge(base[key], value);
  return merged;
}

function isPlainObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
