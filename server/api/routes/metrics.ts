import { getConnInfo } from '@hono/node-server/conninfo';
import { z } from '@hono/zod-openapi';
import { mayScrape, scrape } from '../../infra/metrics';
import { ApiError, ErrorBody, notFound } from '../errors';
import { defineRoute, type App } from '../route';

const errorContent = { 'application/json': { schema: ErrorBody } };

const metrics = defineRoute({
  method: 'get',
  path: '/metrics',
  tags: ['Operations'],
  summary: 'Prometheus metrics: HTTP latency, enrolments, sends, outbox backlog, activity failures, and the Temporal worker\'s own',
  description:
    'Not a session route: Prometheus scrapes it. With `METRICS_TOKEN` set, only `Authorization: Bearer <METRICS_TOKEN>` ' +
    'is answered; without it, only clients on this machine that come straight to the server (loopback, no proxy headers).',
  access: 'public',
  responses: {
    200: { description: 'Prometheus text format 0.0.4', content: { 'text/plain': { schema: z.string() } } },
    401: { description: 'METRICS_TOKEN is set and the bearer token is missing or wrong', content: errorContent },
    403: { description: 'No METRICS_TOKEN, and the client is not on this machine', content: errorContent },
    404: { description: 'Metrics are not collected by this process', content: errorContent },
  },
});

export function register(app: App) {
  app.openapi(metrics, async (c) => {
    const { metrics: registry, temporalMetricsUrl, config } = c.var.deps;
    if (!registry) throw notFound();
    const verdict = mayScrape(
      {
        authorization: c.req.header('authorization'),
        // The socket is there only under @hono/node-server; an in-process `app.request` has none.
        remoteAddress: c.env ? getConnInfo(c).remote.address : undefined,
        forwarded: Boolean(c.req.header('x-forwarded-for') || c.req.header('forwarded') || c.req.header('x-real-ip')),
      },
      config.METRICS_TOKEN,
    );
    if (verdict === 'token_required') {
      throw new ApiError(401, 'metrics_token_required', { ru: 'Нужен заголовок Authorization: Bearer <METRICS_TOKEN>', en: 'Send Authorization: Bearer <METRICS_TOKEN>' }, undefined, {
        'WWW-Authenticate': 'Bearer realm="metrics"',
      });
    }
    if (verdict === 'loopback_only') {
      throw new ApiError(403, 'metrics_loopback_only', {
        ru: 'Метрики без METRICS_TOKEN отдаются только с этой машины: задайте METRICS_TOKEN, чтобы собирать их по сети',
        en: 'Without METRICS_TOKEN, metrics are served to this machine only: set METRICS_TOKEN to scrape over the network',
      });
    }
    const { contentType, body } = await scrape(registry, { temporalMetricsUrl });
    return c.text(body, 200, { 'Content-Type': contentType });
  });
}
