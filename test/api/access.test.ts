import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiEndpoints, routeTable, type Access, type RouteTableEntry } from '../../server/api/route';
import { ROLES, type Role } from '../../server/auth/roles';
import type { User } from '../../server/auth/users';
import { startTestApi, type ApiResponse, type TestApi } from '../support/api';

/**
 * Walks every route the app serves and proves its declared access rule is enforced: no credentials → 401, a role
 * or token scope the rule does not name → 403, and the ones it names get past the guard. Routes added by any
 * part of the product are covered as soon as they exist.
 */

/** Routes anyone may call. A new public route is a security decision: add it here deliberately. */
const PUBLIC_ROUTES = [
  'GET /api/health',
  'POST /api/auth/login',
  'GET /api/openapi.json',
  'GET /api/docs',
  'GET /api/docs/init.js',
  'GET /api/docs/assets/:file',
  // The customer's own unsubscribe link from emails: the signed token is the credential.
  'GET /u/:token',
  'POST /u/:token',
  // Prometheus scrapes without a session: METRICS_TOKEN (bearer) when set, else loopback clients only
  // (test/operations/metrics.test.ts proves both).
  'GET /metrics',
];

let api: TestApi;
let table: RouteTableEntry[];
const users = {} as Record<Role, User>;
let pendingPasswordUser: User;
let ingestToken: string;

beforeAll(async () => {
  api = await startTestApi();
  table = routeTable(api.app);
  for (const role of ROLES) users[role] = (await api.loginAs(role)).user;
  pendingPasswordUser = (await api.loginAs('marketer', { mustChangePassword: true })).user;
  ingestToken = (await api.withToken(['ingest'])).token;
});

afterAll(async () => {
  await api?.stop();
});

/** Path parameters name no real entity, so a body-less write that gets past the guard changes nothing. */
function concretePath(path: string): string {
  return path.replace(/:(\w+)/g, (_, name: string) => (name === 'file' ? 'swagger-ui.css' : '999999999'));
}

const isWrite = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method);

/**
 * Writes carry a malformed JSON body: a caller who gets past the guard is stopped by input validation before any
 * handler changes data, while a caller without access must be refused before the body is even looked at.
 */
function call(route: RouteTableEntry, headers: Record<string, string>): Promise<ApiResponse> {
  const write = isWrite(route.method);
  return api.request(route.method, concretePath(route.path), undefined, {
    headers: write ? { ...headers, 'Content-Type': 'application/json' } : headers,
    raw: write ? '{' : undefined,
  });
}

async function asRole(role: Role, route: RouteTableEntry): Promise<ApiResponse> {
  // A fresh session per call: a route such as logout ends the session it is called with.
  const client = await api.sessionFor(users[role]);
  return call(route, client.authHeaders);
}

function roleAllowed(access: Exclude<Access, 'public'>, role: Role): boolean {
  return role === 'admin' || access.roles === 'any' || access.roles.includes(role);
}

const describeRoute = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

describe('the route table', () => {
  test('every /api endpoint declares its access rule', () => {
    const declared = new Set(table.map(describeRoute));
    const undeclared = apiEndpoints(api.app).map(describeRoute).filter((r) => !declared.has(r));
    expect(undeclared).toEqual([]);
  });

  test('only the expected routes are public', () => {
    const publicRoutes = table.filter((r) => r.access === 'public').map(describeRoute).sort();
    expect(publicRoutes).toEqual([...PUBLIC_ROUTES].sort());
  });

  test('covers the core routes', () => {
    const routes = table.map(describeRoute);
    for (const r of ['GET /api/users', 'POST /api/users', 'PATCH /api/users/:id', 'GET /api/tokens', 'POST /api/tokens', 'DELETE /api/tokens/:id', 'GET /api/auth/me']) {
      expect(routes).toContain(r);
    }
  });
});

describe('every protected route enforces its rule', () => {
  test('without credentials: 401', async () => {
    const wrong: string[] = [];
    for (const route of table.filter((r) => r.access !== 'public')) {
      const res = await call(route, {});
      if (res.status !== 401 || res.body?.error?.code !== 'unauthenticated') wrong.push(`${describeRoute(route)} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  test('with a forged session cookie or an unknown token: 401', async () => {
    const wrong: string[] = [];
    for (const route of table.filter((r) => r.access !== 'public')) {
      const forged = await call(route, { Cookie: 'comeback_session=forged', 'X-CSRF-Token': 'forged' });
      const token = await call(route, { Authorization: 'Bearer cbk_not-a-real-token' });
      if (forged.status !== 401) wrong.push(`${describeRoute(route)} cookie → ${forged.status}`);
      if (token.status !== 401) wrong.push(`${describeRoute(route)} token → ${token.status}`);
    }
    expect(wrong).toEqual([]);
  });

  test.each(ROLES)('as %s: 403 exactly where the role is not allowed', async (role) => {
    const wrong: string[] = [];
    for (const route of table.filter((r) => r.access !== 'public')) {
      const access = route.access as Exclude<Access, 'public'>;
      const res = await asRole(role, route);
      const allowed = roleAllowed(access, role);
      if (allowed && (res.status === 401 || res.status === 403)) wrong.push(`${describeRoute(route)} allowed but got ${res.status} ${JSON.stringify(res.body)}`);
      if (!allowed && (res.status !== 403 || res.body?.error?.code !== 'forbidden')) wrong.push(`${describeRoute(route)} not allowed but got ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  test('an ingest token reaches only routes that declare the ingest scope', async () => {
    const wrong: string[] = [];
    for (const route of table.filter((r) => r.access !== 'public')) {
      const access = route.access as Exclude<Access, 'public'>;
      const res = await call(route, { Authorization: `Bearer ${ingestToken}` });
      const allowed = access.token === 'ingest';
      if (allowed && (res.status === 401 || res.status === 403)) wrong.push(`${describeRoute(route)} allowed but got ${res.status}`);
      if (!allowed && (res.status !== 403 || res.body?.error?.code !== 'token_scope')) wrong.push(`${describeRoute(route)} not allowed but got ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  test('a user who must change a one-time password reaches only the password, me and logout routes', async () => {
    const wrong: string[] = [];
    for (const route of table.filter((r) => r.access !== 'public')) {
      const access = route.access as Exclude<Access, 'public'>;
      const client = await api.sessionFor(pendingPasswordUser);
      const res = await call(route, client.authHeaders);
      const open = !!access.duringPasswordChange;
      if (open && (res.status === 401 || res.status === 403)) wrong.push(`${describeRoute(route)} open but got ${res.status}`);
      if (!open && res.status !== 403) wrong.push(`${describeRoute(route)} closed but got ${res.status}`);
    }
    expect(wrong).toEqual([]);
    expect(table.filter((r) => r.access !== 'public' && r.access.duringPasswordChange).map(describeRoute).sort()).toEqual(
      ['GET /api/auth/me', 'POST /api/auth/logout', 'POST /api/auth/password'],
    );
  });
});

test('an ingest token cannot read scenarios nor read or change users and tokens', async () => {
  const token = { Authorization: `Bearer ${ingestToken}` };
  expect(table.map(describeRoute)).toContain('GET /api/scenarios');
  for (const [method, path] of [['GET', '/api/scenarios'], ['GET', '/api/users'], ['GET', '/api/tokens'], ['POST', '/api/tokens']]) {
    const res = await api.request(method, path, method === 'POST' ? { name: 'x', scopes: ['ingest'] } : undefined, { headers: token });
    expect(res.status, `${method} ${path}`).toBe(403);
  }
});
