import { z } from '@hono/zod-openapi';
import { ROLES, TOKEN_SCOPES } from './roles';

export const RoleSchema = z.enum(ROLES).meta({ description: 'admin: everything; marketer: scenarios; analyst: A/B and analytics; support: customers, runs, tasks' });
export const TokenScopeSchema = z.enum(TOKEN_SCOPES);

export const UserSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    mustChangePassword: z.boolean(),
    createdAt: z.string().meta({ format: 'date-time' }),
    disabledAt: z.string().nullable().meta({ format: 'date-time' }),
  })
  .meta({ id: 'User' });

export const SessionInfoSchema = z
  .object({
    user: UserSchema.pick({ id: true, email: true, name: true, role: true, mustChangePassword: true }),
    csrfToken: z.string().meta({ description: 'Send as the X-CSRF-Token header on every write made with the session cookie' }),
    expiresAt: z.string().meta({ format: 'date-time' }),
  })
  .meta({ id: 'SessionInfo' });

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

export const PasswordSchema = z.string().min(10, 'Пароль — не короче 10 символов / at least 10 characters').max(200);
