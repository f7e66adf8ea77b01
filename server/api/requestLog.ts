import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from '../infra/log';
import type { Metrics } from '../infra/metrics';
import type { AppEnv } from './route';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** An incoming id is kept only when it is short and cannot break a log line or a header: letters, digits, `._:-`. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The first middleware of every request: gives it an id (a safe incoming `X-Request-Id`, e.g. from a proxy, or a new
 * one), a child logger carrying that id (`c.var.log`), and, once answered, the id in the response header, one access
 * log line and one observation of the request-duration histogram. Both name the route by its pattern
 * (`/api/scenarios/:id`), never the raw path, so the metric's labels stay a small set.
 */
export function requestLog(logger: Logger, metrics: Metrics | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header(REQUEST_ID_HEADER);
    const requestId = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const log = logger.child({ reqId: requestId });
    c.set('requestId', requestId);
    c.set('log', log);
    await next();
    try {
      c.res.headers.set(REQUEST_ID_HEADER, requestId);
    } catch {
      // A response with immutable headers (e.g. passed through from fetch): Hono copies it with the header.
      c.header(REQUEST_ID_HEADER, requestId);
    }

    const seconds = (performance.now() - started) / 1000;
    // The handler that answered: compose leaves routeIndex at the deepest handler it ran (or the one that threw).
    const route = routePath(c) || '*';
    const method = METHODS.has(c.req.method) ? c.req.method : 'OTHER';
    const status = c.res.status;
    metrics?.httpRequestDuration.observe({ method, route, status: String(status) }, seconds);

    const principal = c.get('principal');
    const fields = {
      method,
      route,
      // The unsubscribe link's path is its credential: only its pattern is logged.
      path: route.startsWith('/u/') ? route : c.req.path,
      status,
      durationMs: Math.round(seconds * 10_000) / 10,
      ...(principal?.kind === 'user' ? { userId: principal.user.id } : principal?.kind === 'token' ? { tokenId: principal.token.id } : {}),
    };
    // The editor's files (the catch-all route, many per page view) and Prometheus's scrapes (every few seconds) would
    // drown the rest: visible at LOG_LEVEL=debug.
    if (status >= 500) log.error(fields, 'request failed');
    else if ((route === '*' || route === '/metrics') && status < 400) log.debug(fields, 'request completed');
    else log.info(fields, 'request completed');
  };
}
