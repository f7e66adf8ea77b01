import type { ChangePasswordRequest, LoginRequest, SessionInfo, SessionUser } from '../../../shared/api/auth';
import { api, setCsrfToken } from './http';

/** Client of `/api/auth` (server/api/routes/auth.ts); the shapes are shared/api/auth.ts. */

export type { Role, SessionUser } from '../../../shared/api/auth';

export async function login(email: string, password: string): Promise<SessionUser> {
  const info = await api<SessionInfo>('POST', '/api/auth/login', { email, password } satisfies LoginRequest);
  setCsrfToken(info.csrfToken);
  return info.user;
}

export async function currentUser(): Promise<SessionUser> {
  const info = await api<SessionInfo>('GET', '/api/auth/me');
  setCsrfToken(info.csrfToken);
  return info.user;
}

export async function logout(): Promise<void> {
  await api<void>('POST', '/api/auth/logout');
  setCsrfToken(null);
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await api<void>('POST', '/api/auth/password', { currentPassword, newPassword } satisfies ChangePasswordRequest);
}
