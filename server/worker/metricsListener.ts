import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { log } from '../infra/log';
import { mayScrape, scrape, type Metrics } from '../infra/metrics';

export interface MetricsListener {
  url: string;
  close(): Promise<void>;
}

/**
 * `npm run worker` has no API: this small listener serves its GET /metrics (the worker's counters and the Temporal
 * SDK's), with the same access rule as the API's (server/api/routes/metrics.ts).
 */
export function serveMetrics(options: { metrics: Metrics; host: string; port: number; token?: string; temporalMetricsUrl?: string | null }): Promise<MetricsListener> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Only GET /metrics is served here\n');
      return;
    }
    const verdict = mayScrape(
      { authorization: req.headers.authorization, remoteAddress: req.socket.remoteAddress, forwarded: Boolean(req.headers['x-forwarded-for'] || req.headers.forwarded || req.headers['x-real-ip']) },
      options.token,
    );
    if (verdict !== 'ok') {
      const [status, text] = verdict === 'token_required' ? [401, 'Send Authorization: Bearer <METRICS_TOKEN>'] : [403, 'Without METRICS_TOKEN, metrics are served to this machine only'];
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...(status === 401 ? { 'WWW-Authenticate': 'Bearer realm="metrics"' } : {}) }).end(`${text}\n`);
      return;
    }
    scrape(options.metrics, { temporalMetricsUrl: options.temporalMetricsUrl }).then(
      ({ contentType, body }) => res.writeHead(200, { 'Content-Type': contentType }).end(body),
      (error) => {
        log.error({ err: error }, 'metrics: the scrape failed');
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Collecting the metrics failed\n');
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        url: `http://${host}:${port}/metrics`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
