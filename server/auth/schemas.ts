import { z } from '@hono/zod-openapi';
import { TOKEN_SCOPES } from './roles';

// Users and sessions are answers the editor reads too: their schemas live in shared/api/auth.ts.
export { Password as PasswordSchema, Role as RoleSchema, SessionInfo as SessionInfoSchema, User as UserSchema } from '../../shared/api/auth';

export const TokenScopeSchema = z.enum(TOKEN_SCOPES);

export const ApiTokenSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    prefix: z.string().meta({ description: 'The first characters of the token, to tell tokens apart' }),
    scopes: z.array(TokenScopeSchema),
    createdBy: z.number().int().nullable(),
    createdAt: z.string().meta({ format: 'date-time' }),
    lastUsedAt: z.string().nullable().meta({ format: 'date-time' }),
    revokedAt: z.string().nullable().meta({ format: 'date-time' }),
  })
  .meta({ id: 'ApiToken' });
