import { createRoute, type OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { bodyLimit } from 'hono/body-limit';
import { findApiToken } from '../auth/apiTokens';
import { auditActor, type Principal } from '../auth/principal';
import type { Role, TokenScope } from '../auth/roles';
import { safeEqual } from '../auth/secrets';
import { findSession, SESSION_COOKIE, type SessionUser } from '../auth/sessions';
import type { Logger } from '../infra/log';
import type { AppDeps } from './deps';
import { ApiError, ErrorBody, forbidden, payloadTooLarge, unauthenticated } from './errors';

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    /** Set by the route's access guard; undefined on public routes. */
    principal?: Principal;
    /** This request's id (from a safe incoming X-Request-Id, else generated), echoed in the response header. */
    requestId: string;
    /** The process logger with this request's id on every line (server/api/requestLog.ts). */
    log: Logger;
  };
}

export type App = OpenAPIHono<AppEnv>;

/**
 * Who may call a route, declared once next to the route:
 * - `'public'`: anyone, no credentials;
 * - `{ roles }`: signed-in staff with one of these roles (`admin` is always allowed), or `'any'` role;
 *   `token: 'ingest'` additionally admits API tokens carrying that scope (tokens reach no other route);
 *   `duringPasswordChange: true` keeps the route open to a user who must change a one-time password first.
 */
export type Access =
  | 'public'
  | { roles: readonly Role[] | 'any'; token?: TokenScope; duringPasswordChange?: boolean };

/** JSON bodies above this size are refused with 413 unless a route sets its own `bodyLimit`. */
export const DEFAULT_BODY_LIMIT = 5 * 1024 * 1024;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'X-CSRF-Token';

type Definition = Omit<RouteConfig, 'middleware'> & {
  access: Access;
  /** Bytes; overrides DEFAULT_BODY_LIMIT (e.g. file imports). */
  bodyLimit?: number;
};

/** The access rule of every guard created, so the route table can be read back from a built app. */
const accessOfGuard = new WeakMap<Function, Access>();

/**
 * Declares a route: OpenAPI description, zod validation and its access rule in one place. Register it with
 * `app.openapi(route, handler)` from a `server/api/routes/<area>.ts` module's `register(app, deps)`; the module is
 * listed in the route table, server/api/routes/index.ts. The guard runs before validation, so callers without access learn
 * nothing about the input format. JSON bodies are required and limited to DEFAULT_BODY_LIMIT.
 *
 * ```ts
 * const getScenario = defineRoute({
 *   method: 'get',
 *   path: '/api/scenarios/{id}',
 *   tags: ['Scenarios'],
 *   summary: 'One scenario with its draft',
 *   access: { roles: ['marketer', 'analyst'] },          // admin is always allowed
 *   request: { params: z.object({ id: z.uuid() }) },
 *   // Answers the editor reads are declared in shared/api/<area>.ts (plain zod, `.meta({ id })`), so it shares their types.
 *   responses: { 200: { description: 'The scenario', content: { 'application/json': { schema: Scenario } } } },
 * });
 * export function register(app: App) {
 *   app.openapi(getScenario, async (c) => {
 *     const { id } = c.req.valid('param');
 *     const [row] = await c.var.deps.sql`SELECT ... WHERE id = ${id}`;
 *     if (!row) throw notFound({ ru: 'Сценарий не найден', en: 'Scenario not found' });
 *     await audit(c.var.deps.sql, { ...actorOf(c), action: 'scenario.read', entity: `scenario:${id}` });
 *     return c.json(row, 200);
 *   });
 * }
 * ```
 */
export function defineRoute<const D extends Definition>(definition: D) {
  const { access, bodyLimit: limit, ...route } = definition;
  const guard = accessGuard(access);
  accessOfGuard.set(guard, access);
  const middleware: MiddlewareHandler<AppEnv>[] = [guard];
  if (!SAFE_METHODS.has(route.method.toUpperCase())) middleware.push(limitBody(limit ?? DEFAULT_BODY_LIMIT));
  const body = route.request?.body;
  const request = body ? { ...route.request, body: { required: true, ...body } } : route.request;
  return createRoute({
    ...route,
    responses: { ...errorResponses(access, route.request), ...route.responses },
    request,
    description: [route.description, describeAccess(access)].filter(Boolean).join('\n\n'),
    security: securityOf(access),
    middleware,
  } as Omit<D, 'access' | 'bodyLimit'> & { middleware: MiddlewareHandler<AppEnv>[] });
}

/** One row per registered route that has a declared access rule. */
export interface RouteTableEntry {
  method: string;
  /** Hono path syntax, e.g. `/api/users/:id`. */
  path: string;
  access: Access;
}

/** The access rules of every route of a built app, read from the app itself (what is served is what is listed). */
export function routeTable(app: App): RouteTableEntry[] {
  const seen = new Map<string, RouteTableEntry>();
  for (const route of app.routes) {
    const access = accessOfGuard.get(route.handler);
    if (!access) continue;
    const key = `${route.method} ${route.path}`;
    if (!seen.has(key)) seen.set(key, { method: route.method, path: route.path, access });
  }
  return [...seen.values()];
}

/** Every registered `/api` route, declared or not: a route missing from `routeTable` has no access rule. */
export function apiEndpoints(app: App): { method: string; path: string }[] {
  const seen = new Map<string, { method: string; path: string }>();
  for (const route of app.routes) {
    if (!route.path.startsWith('/api/') || route.method === 'ALL') continue;
    seen.set(`${route.method} ${route.path}`, { method: route.method, path: route.path });
  }
  return [...seen.values()];
}

/** The caller of a protected route (the guard guarantees one). */
export function principalOf(c: Context<AppEnv>): Principal {
  const principal = c.get('principal');
  if (!principal) throw unauthenticated();
  return principal;
}

/** The signed-in staff member; refuses API tokens. */
export function currentUser(c: Context<AppEnv>): SessionUser {
  const principal = principalOf(c);
  if (principal.kind !== 'user') throw forbidden({ ru: 'Это действие доступно только сотрудникам', en: 'Only staff members can do this' }, 'user_required');
  return principal.user;
}

/** `{ userId, tokenId }` of the caller, for `audit()`. */
export function actorOf(c: Context<AppEnv>) {
  return auditActor(c.get('principal'));
}

function accessGuard(access: Access): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (access === 'public') return next();
    const principal = await authenticate(c);
    authorize(c, access, principal);
    c.set('principal', principal);
    return next();
  };
}

async function authenticate(c: Context<AppEnv>): Promise<Principal> {
  const { sql } = c.get('deps');
  const authorization = c.req.header('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const token = match ? await findApiToken(sql, match[1]) : null;
    if (!token) {
      c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw unauthenticated({ ru: 'API-токен неверен или отозван', en: 'The API token is invalid or revoked' }, 'invalid_token');
    }
    return { kind: 'token', token };
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (!cookie) throw unauthenticated();
  const found = await findSession(sql, cookie);
  if ('problem' in found) {
    throw found.problem === 'expired'
      ? unauthenticated({ ru: 'Сессия истекла, войдите снова', en: 'Your session has expired, please sign in again' }, 'session_expired')
      : unauthenticated();
  }
  return { kind: 'user', user: found.session.user, sessionIdHash: found.session.idHash, csrfToken: found.session.csrfToken };
}

function authorize(c: Context<AppEnv>, access: Exclude<Access, 'public'>, principal: Principal): void {
  if (principal.kind === 'token') {
    if (!access.token || !principal.token.scopes.includes(access.token)) {
      const need = access.token ? `«${access.token}»` : null;
      throw forbidden(
        need
          ? { ru: `У токена нет области ${need}`, en: `The token lacks the ${need} scope` }
          : { ru: 'Этот адрес недоступен по API-токену', en: 'This endpoint cannot be used with an API token' },
        'token_scope',
      );
    }
    return;
  }
  // Cookies ride along with cross-site requests; the CSRF token in a header proves the page is ours.
  if (!SAFE_METHODS.has(c.req.method)) {
    const sent = c.req.header(CSRF_HEADER);
    if (!sent || !safeEqual(sent, principal.csrfToken)) {
      throw forbidden({ ru: 'Нет или неверен CSRF-токен: обновите страницу', en: `Missing or wrong ${CSRF_HEADER} header` }, 'csrf_failed');
    }
  }
  const { role, mustChangePassword } = principal.user;
  if (mustChangePassword && !access.duringPasswordChange) {
    throw forbidden({ ru: 'Сначала смените временный пароль', en: 'Change your one-time password first' }, 'password_change_required');
  }
  if (role !== 'admin' && access.roles !== 'any' && !access.roles.includes(role)) throw forbidden();
}

function limitBody(maxSize: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw payloadTooLarge(maxSize);
    },
  });
}

function describeAccess(access: Access): string {
  if (access === 'public') return 'Доступ / Access: public.';
  const roles = access.roles === 'any' ? 'any signed-in user' : ['admin', ...access.roles.filter((r) => r !== 'admin')].join(', ');
  return `Доступ / Access: ${roles}${access.token ? `; API token with scope \`${access.token}\`` : ''}.`;
}

const errorContent = { 'application/json': { schema: ErrorBody } };

/** The error answers every route of this kind can give, so the OpenAPI document lists them without repetition. */
function errorResponses(access: Access, request: RouteConfig['request']): RouteConfig['responses'] {
  const responses: RouteConfig['responses'] = {};
  if (request?.body || request?.params || request?.query) {
    responses[400] = { description: 'Invalid input: `issues` lists every problem with its field path', content: errorContent };
  }
  if (access !== 'public') {
    responses[401] = { description: 'Not signed in, session expired, or API token invalid', content: errorContent };
    responses[403] = { description: 'Role or token scope not allowed, or CSRF header missing', content: errorContent };
  }
  if (request?.body) responses[413] = { description: 'Request body too large', content: errorContent };
  return responses;
}

function securityOf(access: Access): Record<string, string[]>[] {
  if (access === 'public') return [];
  return access.token ? [{ session: [] }, { bearer: [] }] : [{ session: [] }];
}

export { ApiError };
