import type { ApiIssue, ErrorBody } from '../../../shared/api/errors';
import { useLang } from '../i18n';

/** An error answered by the API (`ErrorBody`, shared/api/errors.ts) or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: ApiIssue[],
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
const unauthorizedListeners = new Set<() => void>();

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called when any request answers 401: the session is gone, the app shows the login screen. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': useLang.getState().lang };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', useLang.getState().lang === 'ru' ? 'Нет связи с сервером' : 'The server is unreachable');
  }
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const err = (json as Partial<ErrorBody> | undefined)?.error;
    if (response.status === 401 && !path.startsWith('/api/auth/login')) for (const l of unauthorizedListeners) l();
    throw new ApiError(response.status, err?.code ?? `http_${response.status}`, err?.message ?? `${response.status} ${response.statusText}`, err?.issues, json);
  }
  return json as T;
}
