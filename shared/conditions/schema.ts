// The zod schema of a condition's shape, for the document schema; the types and limits are ./condition.ts.
import { z } from 'zod';
import { CONDITION_OPS, conditionLimitProblem, type Condition } from './condition';

export { CONDITION_LIMITS, CONDITION_OPS, conditionLimitProblem, isRule } from './condition';
export type { Condition, ConditionLimitProblem, ConditionOp, ConditionValue, Rule } from './condition';

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const RuleSchema = z.strictObject({
  field: z.string().min(1),
  op: z.enum(CONDITION_OPS),
  value: z.union([scalar, z.null(), z.array(scalar)]),
});

const ConditionShapeSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(ConditionShapeSchema) }),
    z.strictObject({ any: z.array(ConditionShapeSchema) }),
    z.strictObject({ not: ConditionShapeSchema }),
    RuleSchema,
  ]),
);

/**
 * Structural schema only; field names and value types are checked by checkCondition (./check.ts). The size limits
 * are checked first, so the recursive part only ever sees a small tree. A limit problem is a `custom` issue at the
 * offending place whose `params` carry the words for people (`{ ru, en }`).
 */
export const ConditionSchema: z.ZodType<Condition> = z
  .unknown()
  .superRefine((value, ctx) => {
    const found = conditionLimitProblem(value);
    if (found) ctx.addIssue({ code: 'custom', message: found.message.en, params: found.message, path: pathKeys(found.path) });
  })
  .pipe(ConditionShapeSchema);

/** `all[2].value[0]` → ['all', 2, 'value', 0] */
function pathKeys(path: string): PropertyKey[] {
  return (path.match(/[^.[\]]+/g) ?? []).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}
