import { z } from 'zod';

export const CONDITION_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', 'between'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

export type ConditionValue = string | number | boolean | null | Array<string | number | boolean>;

export interface Rule {
  field: string;
  op: ConditionOp;
  value: ConditionValue;
}

export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | Rule;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const RuleSchema = z.strictObject({
  field: z.string().min(1),
  op: z.enum(CONDITION_OPS),
  value: z.union([scalar, z.null(), z.array(scalar)]),
});

/** Structural schema only; field names and value types are checked by shared/scenario/validate.ts. */
export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(ConditionSchema) }),
    z.strictObject({ any: z.array(ConditionSchema) }),
    z.strictObject({ not: ConditionSchema }),
    RuleSchema,
  ]),
);

export function isRule(c: Condition): c is Rule {
  return 'field' in c;
}
