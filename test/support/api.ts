import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../../server/api/app';
import type { AppDeps } from '../../server/api/deps';
import type { App } from '../../server/api/route';
import { createApiToken } from '../../server/auth/apiTokens';
import type { Role, TokenScope } from '../../server/auth/roles';
import { createSession } from '../../server/auth/sessions';
import { createUser, getUser, type User } from '../../server/auth/users';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/infra/log';
import type { Sql } from '../../server/db/client';
import { startTestDatabase, type TestDatabase } from './postgres';

/** A response with its body parsed (JSON when it is JSON, else text). */
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Sent as is (e.g. a raw string or a large buffer) instead of JSON-encoding `body`. */
  raw?: string | Uint8Array;
}

/** A caller bound to one identity: a signed-in user (cookie + CSRF header) or an API token. */
export interface ApiClient {
  request<T = any>(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>>;
  get<T = any>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  post<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>>;
  put<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>>;
  patch<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>>;
  delete<T = any>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** The headers this client adds (Cookie and X-CSRF-Token, or Authorization). */
  authHeaders: Record<string, string>;
}

export interface SignedInClient extends ApiClient {
  user: User;
  password: string;
  csrfToken: string;
}

export interface TokenClient extends ApiClient {
  token: string;
  tokenId: number;
}

export interface TestApi extends ApiClient {
  /** http://127.0.0.1:<port> of a real HTTP server running the app. */
  baseUrl: string;
  app: App;
  deps: AppDeps;
  sql: Sql;
  db: TestDatabase;
  /** Creates a user with that role (a fresh one per call) and signs in through POST /api/auth/login. */
  loginAs(role: Role, options?: { mustChangePassword?: boolean }): Promise<SignedInClient>;
  /** Signs in an existing user through POST /api/auth/login. */
  login(email: string, password: string): Promise<SignedInClient>;
  /** A new session for an existing user, created directly (no password check; cheap for many sessions). */
  sessionFor(user: User): Promise<SignedInClient>;
  /** Creates an API token with these scopes and returns a client that sends it as a Bearer token. */
  withToken(scopes: TokenScope[]): Promise<TokenClient>;
  stop(): Promise<void>;
}

export interface TestApiOptions {
  /** Reuse an already started database (its owner stops it). */
  db?: TestDatabase;
  /** Extra dependencies, e.g. `temporal` or `worker`. */
  deps?: Partial<AppDeps>;
  /** Environment for loadConfig (the process env is ignored, so tests are not affected by the machine). */
  env?: NodeJS.ProcessEnv;
}

const TEST_PASSWORD = 'correct horse battery staple';

/** Boots the whole API (every route module) on a fresh migrated database and a real HTTP server on a free port. */
export async function startTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const ownDb = !options.db;
  const db = options.db ?? (await startTestDatabase());
  const config = loadConfig({ DEMO_CUSTOMERS: '0', WORKER: 'false', ...options.env });
  const deps: AppDeps = { sql: db.sql, config, log: createLogger({ level: 'silent' }), ...options.deps };
  const app = createApp(deps);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let counter = 0;

  const anonymous = client(baseUrl, {});

  async function login(email: string, password: string): Promise<SignedInClient> {
    const res = await anonymous.post('/api/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    const cookie = sessionCookie(res.headers);
    const csrfToken = res.body.csrfToken as string;
    const user = (await getUser(db.sql, res.body.user.id))!;
    return { ...client(baseUrl, { Cookie: cookie, 'X-CSRF-Token': csrfToken }), user, password, csrfToken };
  }

  return {
    ...anonymous,
    baseUrl,
    app,
    deps,
    sql: db.sql,
    db,
    login,
    async sessionFor(user) {
      const session = await createSession(db.sql, user.id);
      const headers = { Cookie: `comeback_session=${session.cookieValue}`, 'X-CSRF-Token': session.csrfToken };
      return { ...client(baseUrl, headers), user, password: '', csrfToken: session.csrfToken };
    },
    async loginAs(role, opts = {}) {
      counter += 1;
      const email = `${role}-${counter}-${Date.now()}@test.comeback.local`;
      const user = await createUser(db.sql, { email, name: `Test ${role} ${counter}`, role, password: TEST_PASSWORD, mustChangePassword: !!opts.mustChangePassword });
      if (!user) throw new Error(`could not create ${email}`);
      return login(email, TEST_PASSWORD);
    },
    async withToken(scopes) {
      counter += 1;
      const { token, info } = await createApiToken(db.sql, { name: `test token ${counter}`, scopes, createdBy: null });
      return { ...client(baseUrl, { Authorization: `Bearer ${token}` }), token, tokenId: info.id };
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownDb) await db.stop();
    },
  };
}

/** The `name=value` of the session cookie from a login response. */
export function sessionCookie(headers: Headers): string {
  const line = headers.getSetCookie().find((l) => l.startsWith('comeback_session='));
  if (!line) throw new Error('no session cookie in the response');
  return line.split(';')[0];
}

function client(baseUrl: string, authHeaders: Record<string, string>): ApiClient {
  async function request(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...authHeaders, ...options.headers };
    let payload: string | Uint8Array | undefined = options.raw;
    if (payload === undefined && body !== undefined) {
      payload = JSON.stringify(body);
      headers['Content-Type'] ??= 'application/json';
    }
    const res = await fetch(baseUrl + path, { method, headers, body: payload as BodyInit | undefined });
    const text = await res.text();
    const isJson = (res.headers.get('content-type') ?? '').includes('json');
    return { status: res.status, headers: res.headers, body: isJson && text ? JSON.parse(text) : text };
  }
  return {
    authHeaders,
    request,
    get: (path, options) => request('GET', path, undefined, options),
    post: (path, body, options) => request('POST', path, body, options),
    put: (path, body, options) => request('PUT', path, body, options),
    patch: (path, body, options) => request('PATCH', path, body, options),
    delete: (path, options) => request('DELETE', path, undefined, options),
  };
}
