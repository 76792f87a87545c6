import { ErrorGroup } from '@capture-doctor/domain';
import { z } from 'zod';

/**
 * The json-rules-engine operators rules may use, plus `anyNotIn`, `inErrorGroup` and
 * `notInErrorGroup` registered by the engine.
 */
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
  'inErrorGroup',
  'notInErrorGroup',
]);
export type Operator = z.infer<typeof Operator>;

const FactValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])),
]);

const errorGroupOperators = new Set<Operator>(['inErrorGroup', 'notInErrorGroup']);
const ErrorGroups = z.union([ErrorGroup, z.array(ErrorGroup).min(1)]);

/** One test of one fact, in json-rules-engine's format. */
export const LeafCondition = z
  .strictObject({
    fact: z
      .string()
      .regex(/^[a-z]+(\.[a-zA-Z]+)+$/, 'a dotted fact name such as member.access.mailbox'),
    operator: Operator,
    value: FactValueSchema,
  })
  .superRefine((leaf, ctx) => {
    if (errorGroupOperators.has(leaf.operator) && !ErrorGroups.safeParse(leaf.value).success) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `${leaf.operator} takes an error group or a list of them: ${ErrorGroup.options.join(', ')}`,
      });
    }
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
