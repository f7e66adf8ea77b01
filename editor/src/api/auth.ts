import { api, setCsrfToken } from './http';

export type Role = 'admin' | 'marketer' | 'analyst' | 'support';
export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  mustChangePassword: boolean;
}
interface SessionInfo {
  user: SessionUser;
  csrfToken: string;
  expiresAt: string;
}

export async function login(email: string, password: string): Promise<SessionUser> {
  const info = await api<SessionInfo>('POST', '/api/auth/login', { email, password });
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
  await api<void>('POST', '/api/auth/password', { currentPassword, newPassword });
}
