// @internal: used only inside @capture-doctor/store.
// Columns are snake_case, the store's types camelCase: one spelling each, converted here.

type CamelKey<K extends string> = K extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelKey<Tail>>}`
  : K;
type SnakeKey<K extends string> = K extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeKey<Tail>}`
  : K;

/** A row with camelCase keys. */
export type CamelRow<T> = { [K in keyof T as K extends string ? CamelKey<K> : K]: T[K] };
/** An object with snake_case keys. */
export type SnakeRow<T> = { [K in keyof T as K extends string ? SnakeKey<K> : K]: T[K] };

/**
 * The row with camelCase keys, leaving out the `omit` columns (hashes, bodies parsed apart).
 * @example camelRow({ company_id: 'acme', created_at: t }) // { companyId: 'acme', createdAt: t }
 */
export function camelRow<T extends object, K extends keyof T = never>(
  row: T,
  ...omit: K[]
): CamelRow<Omit<T, K>> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (omit.includes(key as K)) continue;
    out[key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())] = value;
  }
  return out as CamelRow<Omit<T, K>>;
}

/**
 * The object with snake_case keys, as the columns are named.
 * @example snakeRow({ memberId: 'u1', ruleId: 'r' }) // { member_id: 'u1', rule_id: 'r' }
 */
export function snakeRow<T extends object>(value: T): SnakeRow<T> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    out[key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)] = field;
  }
  return out as SnakeRow<T>;
}
