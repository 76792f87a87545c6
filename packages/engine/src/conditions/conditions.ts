import { z } from 'zod';

/** The json-rules-engine operators rules may use, plus `anyNotIn` registered by the engine. */
export const Operator = z.enum([
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'anyNotIn',
]);
export type Operator = z.infer<typeof Operator>;

const FactValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])),
]);

/** One test of one fact, in json-rules-engine's format. */
export const LeafCondition = z.strictObject({
  fact: z
    .string()
    .regex(/^[a-z]+(\.[a-zA-Z]+)+$/, 'a dotted fact name such as member.access.mailbox'),
  operator: Operator,
  value: FactValueSchema,
});
export type LeafCondition = z.infer<typeof LeafCondition>;

export type Condition = LeafCondition | { all: Condition[] } | { any: Condition[] };

/** A condition tree: leaves combined with `all` and `any` (no `not`, so `because` stays plain). */
export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    LeafCondition,
    z.strictObject({ all: z.array(Condition).min(1) }),
    z.strictObject({ any: z.array(Condition).min(1) }),
  ]),
);

/** The top of a rule's conditions: json-rules-engine requires `all` or `any` there. */
export const TopCondition = z.union([
  z.strictObject({ all: z.array(Condition).min(1) }),
  z.strictObject({ any: z.array(Condition).min(1) }),
]);
export type TopCondition = z.infer<typeof TopCondition>;
