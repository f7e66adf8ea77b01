import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { audit } from '../../audit';
import { clientAddress } from '../../auth/clientAddress';
import { admitLoginAttempt, loginSucceeded } from '../../auth/loginThrottle';
import { decoyHash, verifyPassword } from '../../auth/password';
import { ChangePasswordRequest, LoginRequest, SessionInfo } from '../../../shared/api/auth';
import { createSession, deleteSession, deleteUserSessions, SESSION_COOKIE, SESSION_MAX_MS, type SessionUser } from '../../auth/sessions';
import { findUserForLogin, normalizeEmail, passwordHashOf, setPassword } from '../../auth/users';
import { ApiError, badRequest, ErrorBody, tooManyRequests } from '../errors';
import { actorOf, defineRoute, principalOf, type App, type AppEnv } from '../route';

const login = defineRoute({
  method: 'post',
  path: '/api/auth/login',
  tags: ['Auth'],
  summary: 'Sign in with email and password; sets the session cookie',
  access: 'public',
  request: {
    body: { content: { 'application/json': { schema: LoginRequest } } },
  },
  responses: {
    200: { description: 'Signed in', content: { 'application/json': { schema: SessionInfo } } },
    429: { description: 'Too many attempts from this address or on this account; `Retry-After` says how many seconds to wait', content: { 'application/json': { schema: ErrorBody } } },
  },
});

const logout = defineRoute({
  method: 'post',
  path: '/api/auth/logout',
  tags: ['Auth'],
  summary: 'Sign out: ends this session',
  access: { roles: 'any', duringPasswordChange: true },
  responses: { 204: { description: 'Signed out' } },
});

const me = defineRoute({
  method: 'get',
  path: '/api/auth/me',
  tags: ['Auth'],
  summary: 'The signed-in user and the CSRF token of this session',
  access: { roles: 'any', duringPasswordChange: true },
  responses: { 200: { description: 'Current session', content: { 'application/json': { schema: SessionInfo } } } },
});

const changePassword = defineRoute({
  method: 'post',
  path: '/api/auth/password',
  tags: ['Auth'],
  summary: 'Change your own password (required after a one-time password); ends your other sessions',
  access: { roles: 'any', duringPasswordChange: true },
  request: {
    body: { content: { 'application/json': { schema: ChangePasswordRequest } } },
  },
  responses: { 204: { description: 'Password changed' } },
});

const invalidCredentials = () =>
  new ApiError(401, 'invalid_credentials', { ru: 'Неверный email или пароль', en: 'Wrong email or password' });

function sessionInfo(user: SessionUser, csrfToken: string, expiresAt: Date) {
  return {
    user: { id: user.id, email: user.email, name: user.name, role: user.role, mustChangePassword: user.mustChangePassword },
    csrfToken,
    expiresAt: expiresAt.toISOString(),
  };
}

function tooManyAttempts(seconds: number): ApiError {
  const wait = seconds < 60 ? { ru: `${seconds} с`, en: `${seconds} s` } : { ru: `${Math.ceil(seconds / 60)} мин`, en: `${Math.ceil(seconds / 60)} min` };
  return tooManyRequests({ ru: `Слишком много попыток входа. Повторите через ${wait.ru}`, en: `Too many sign-in attempts. Try again in ${wait.en}` }, seconds);
}

/** The client's address for the login throttle (see TRUSTED_PROXY_HOPS). */
function requestAddress(c: Context<AppEnv>): string {
  // The socket is there only under @hono/node-server; an in-process `app.request` has none.
  const socket = c.env ? getConnInfo(c).remote.address : undefined;
  return clientAddress(socket, c.req.header('x-forwarded-for'), c.var.deps.config.TRUSTED_PROXY_HOPS);
}

function isHttps(c: Context<AppEnv>): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

export function register(app: App) {
  app.openapi(login, async (c) => {
    const { sql } = c.var.deps;
    const { password } = c.req.valid('json');
    const email = normalizeEmail(c.req.valid('json').email);
    const address = requestAddress(c);
    // Counted before the (deliberately slow) password check, so parallel guesses cannot all be checked.
    const admission = await admitLoginAttempt(sql, email, address);
    if (!admission.admitted) throw tooManyAttempts(admission.retryAfterSeconds);
    const user = await findUserForLogin(sql, email);
    const valid = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
    if (!user || !valid || user.disabledAt) {
      await audit(sql, { userId: user?.id ?? null, action: 'auth.login_failed', entity: user ? `user:${user.id}` : null, details: { email, address, reason: !user ? 'unknown_email' : !valid ? 'wrong_password' : 'disabled' } });
      throw invalidCredentials();
    }
    await loginSucceeded(sql, admission.counted);
    const session = await createSession(sql, user.id);
    setCookie(c, SESSION_COOKIE, session.cookieValue, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure: isHttps(c),
      maxAge: Math.floor(SESSION_MAX_MS / 1000),
    });
    await audit(sql, { userId: user.id, action: 'auth.login', entity: `user:${user.id}` });
    return c.json(sessionInfo(user, session.csrfToken, session.expiresAt), 200);
  });

  app.openapi(logout, async (c) => {
    const principal = principalOf(c);
    if (principal.kind === 'user') {
      await deleteSession(c.var.deps.sql, principal.sessionIdHash);
      await audit(c.var.deps.sql, { ...actorOf(c), action: 'auth.logout', entity: `user:${principal.user.id}` });
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  app.openapi(me, async (c) => {
    const principal = principalOf(c);
    if (principal.kind !== 'user') throw badRequest('not_a_session', { ru: 'Запрос выполнен по API-токену, а не в сессии', en: 'This request uses an API token, not a session' });
    const [row] = await c.var.deps.sql<{ expires_at: Date }[]>`SELECT expires_at FROM sessions WHERE id_hash = ${principal.sessionIdHash}`;
    return c.json(sessionInfo(principal.user, principal.csrfToken, row.expires_at), 200);
  });

  app.openapi(changePassword, async (c) => {
    const { sql } = c.var.deps;
    const principal = principalOf(c);
    if (principal.kind !== 'user') throw badRequest('not_a_session', { ru: 'Смена пароля доступна только в сессии', en: 'Only a signed-in user can change a password' });
    const { currentPassword, newPassword } = c.req.valid('json');
    const hash = await passwordHashOf(sql, principal.user.id);
    if (!hash || !(await verifyPassword(currentPassword, hash))) {
      throw new ApiError(422, 'wrong_current_password', { ru: 'Текущий пароль указан неверно', en: 'The current password is wrong' }, [
        { path: 'currentPassword', code: 'wrong_password', message: 'The current password is wrong' },
      ]);
    }
    if (newPassword === currentPassword) {
      throw new ApiError(422, 'password_unchanged', { ru: 'Новый пароль должен отличаться от текущего', en: 'The new password must differ from the current one' }, [
        { path: 'newPassword', code: 'same_as_current', message: 'The new password must differ from the current one' },
      ]);
    }
    await setPassword(sql, principal.user.id, newPassword, false);
    await deleteUserSessions(sql, principal.user.id, principal.sessionIdHash);
    await audit(sql, { ...actorOf(c), action: 'auth.password_change', entity: `user:${principal.user.id}` });
    return c.body(null, 204);
  });
}
