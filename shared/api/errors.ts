/** The body of every error answer of the API (server/api/errors.ts builds it): `{ error: { code, message, issues? } }`. */
import { z } from 'zod';

/** One problem with the input: `path` names the exact field, e.g. `customers.3.email`. */
export const ApiIssue = z.object({ path: z.string(), code: z.string(), message: z.string() });
export type ApiIssue = z.infer<typeof ApiIssue>;

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'validation_failed' }),
      message: z.string(),
      issues: z.array(ApiIssue).optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBody>;
