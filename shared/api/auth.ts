/** Staff accounts and sessions (server/api/routes/auth.ts, users.ts): roles, users, the session answer. */
import { z } from 'zod';

/** Staff roles. `admin` may do everything; the others see only their part of the product. */
export const ROLES = ['admin', 'marketer', 'analyst', 'support'] as const;
export const Role = z.enum(ROLES).meta({ description: 'admin: everything; marketer: scenarios; analyst: A/B and analytics; support: customers, runs, tasks' });
export type Role = z.infer<typeof Role>;

export const Password = z.string().min(10, 'Пароль — не короче 10 символов / at least 10 characters').max(200);

export const User = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    role: Role,
    mustChangePassword: z.boolean(),
    createdAt: z.string().meta({ format: 'date-time' }),
    disabledAt: z.string().nullable().meta({ format: 'date-time' }),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

/** The signed-in staff member, as the session answer names them. */
export const SessionUser = User.pick({ id: true, email: true, name: true, role: true, mustChangePassword: true });
export type SessionUser = z.infer<typeof SessionUser>;

export const SessionInfo = z
  .object({
    user: SessionUser,
    csrfToken: z.string().meta({ description: 'Send as the X-CSRF-Token header on every write made with the session cookie' }),
    expiresAt: z.string().meta({ format: 'date-time' }),
  })
  .meta({ id: 'SessionInfo' });
export type SessionInfo = z.infer<typeof SessionInfo>;

/** Body of POST /api/auth/login. */
export const LoginRequest = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(200) });
export type LoginRequest = z.input<typeof LoginRequest>;

/** Body of POST /api/auth/password. */
export const ChangePasswordRequest = z.object({ currentPassword: z.string().min(1).max(200), newPassword: Password });
export type ChangePasswordRequest = z.input<typeof ChangePasswordRequest>;
