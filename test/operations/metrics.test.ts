import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createChannels, loadChannelConfig } from '../../server/channels';
import { recordAndSend, type OutboxMessage } from '../../server/channels/outbox';
import { createMetrics, watchOutboxBacklog, type Metrics } from '../../server/infra/metrics';
import { serveMetrics } from '../../server/worker/metricsListener';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram';
import { startTestApi, type TestApi } from '../support/api';

/** The value of one series in a Prometheus text exposition, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const METRICS_TOKEN = 'a-long-enough-metrics-token';

let api: TestApi;
let metrics: Metrics;
let telegram: FakeTelegram;
let temporalStandIn: Server;
let temporalStandInUrl: string;

beforeAll(async () => {
  metrics = createMetrics();
  telegram = await startFakeTelegram();
  // Stands in for the Temporal SDK's loopback endpoint (test/operations/temporal.test.ts scrapes the real one).
  temporalStandIn = createServer((_, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('# TYPE temporal_stand_in_total counter\ntemporal_stand_in_total 7\n'));
  await new Promise<void>((resolve) => temporalStandIn.listen(0, '127.0.0.1', resolve));
  temporalStandInUrl = `http://127.0.0.1:${(temporalStandIn.address() as AddressInfo).port}/metrics`;
  api = await startTestApi({ deps: { metrics, temporalMetricsUrl: temporalStandInUrl } });
  watchOutboxBacklog(metrics, api.sql);
  await api.sql`
    INSERT INTO customers (id, name, email, telegram_chat_id, registered_at, sub_email, sub_telegram)
    VALUES ('m1', 'Анна', 'anna@example.ru', '4242', now() - interval '1 year', true, true)`;
});

afterAll(async () => {
  await api?.stop();
  await telegram?.stop();
  await new Promise((resolve) => temporalStandIn?.close(resolve));
});

describe('GET /metrics', () => {
  test('times requests by route pattern and status, never by the raw path', async () => {
    const marketer = await api.loginAs('marketer');
    const id = '3f0c1a52-9a43-4a8e-9c0b-7d1f2e3a4b5c';
    expect((await marketer.get(`/api/scenarios/${id}`)).status).toBe(404);
    expect((await marketer.get(`/api/scenarios/${id}`)).status).toBe(404);
    expect((await api.get('/api/users')).status).toBe(401);
    expect((await api.get('/api/no-such-endpoint/42')).status).toBe(404);

    const res = await api.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = res.body as string;
    expect(sample(text, 'comeback_http_request_duration_seconds_count{method="GET",route="/api/scenarios/:id",status="404"}')).toBe(2);
    expect(sample(text, 'comeback_http_request_duration_seconds_count{method="GET",route="/api/users",status="401"}')).toBe(1);
    expect(sample(text, 'comeback_http_request_duration_seconds_count{method="GET",route="/api/*",status="404"}')).toBe(1);
    expect(sample(text, 'comeback_http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/api/scenarios/:id",status="404"}')).toBe(2);
    expect(text).not.toContain(id);
    expect(text).not.toContain('no-such-endpoint');
    // Node's own metrics, under the product's prefix.
    expect(text).toMatch(/^comeback_process_cpu_seconds_total /m);
    expect(text).toMatch(/^comeback_nodejs_eventloop_lag_p99_seconds /m);
  });

  test('counts sends by channel and outcome, as the outbox ended them', async () => {
    const channels = createChannels(loadChannelConfig({ TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_URL: telegram.url, CHANNEL_TIMEOUT_MS: '2000' }));
    const message = (key: string, over: Partial<OutboxMessage> = {}): OutboxMessage => ({
      idempotencyKey: key,
      customerId: 'm1',
      channel: 'telegram',
      recipient: '4242',
      text: 'Анна, мы скучаем!',
      ...over,
    });
    await recordAndSend(api.sql, channels, message('run-m1:hello'), { metrics });
    await recordAndSend(api.sql, channels, message('run-m1:hello'), { metrics });
    await recordAndSend(api.sql, channels, message('run-m1:mail', { channel: 'email', recipient: 'anna@example.ru' }), { metrics });
    telegram.behave('5151', { kind: 'blocked' });
    await recordAndSend(api.sql, channels, message('run-m1:blocked', { recipient: '5151' }), { metrics });
    telegram.behave('6161', { kind: 'server-error', times: 1 });
    await expect(recordAndSend(api.sql, channels, message('run-m1:flaky', { recipient: '6161' }), { metrics })).rejects.toMatchObject({ retryable: true });
    // Without metrics (a simulation), nothing is counted.
    await recordAndSend(api.sql, channels, message('sim:hello', { recipient: '4242' }));

    const text = (await api.get('/metrics')).body as string;
    expect(sample(text, 'comeback_message_sends_total{channel="telegram",outcome="sent"}')).toBe(1);
    expect(sample(text, 'comeback_message_sends_total{channel="telegram",outcome="duplicate"}')).toBe(1);
    expect(sample(text, 'comeback_message_sends_total{channel="email",outcome="sandbox"}')).toBe(1);
    expect(sample(text, 'comeback_message_sends_total{channel="telegram",outcome="failed"}')).toBe(1);
    expect(sample(text, 'comeback_message_sends_total{channel="telegram",outcome="retryable_error"}')).toBe(1);
    // Series of known labels exist from the start, at 0, so rate() sees their first increase.
    expect(sample(text, 'comeback_message_sends_total{channel="push",outcome="sent"}')).toBe(0);
    expect(sample(text, 'comeback_runs_enrolled_total{outcome="started"}')).toBe(0);
  });

  test('the backlog gauges count pending outbox rows and undelivered purchase signals at each scrape', async () => {
    const before = sample((await api.get('/metrics')).body, 'comeback_outbox_pending_messages');
    // The flaky send above is still pending; two more wait, the older one for an hour.
    expect(before).toBe(1);
    await api.sql`
      INSERT INTO messages (idempotency_key, customer_id, channel, recipient, text, status, provider, created_at)
      VALUES ('backlog-1', 'm1', 'email', 'anna@example.ru', 'a', 'pending', 'sandbox', now() - interval '1 hour'),
             ('backlog-2', 'm1', 'email', 'anna@example.ru', 'b', 'pending', 'sandbox', now())`;
    await api.sql`INSERT INTO orders (id, customer_id, amount, placed_at) VALUES ('o-m1', 'm1', 500, now())`;
    await api.sql`INSERT INTO order_signals (order_id, customer_id, placed_at, amount) VALUES ('o-m1', 'm1', now(), 500)`;

    const text = (await api.get('/metrics')).body as string;
    expect(sample(text, 'comeback_outbox_pending_messages')).toBe(3);
    expect(sample(text, 'comeback_outbox_oldest_pending_seconds')).toBeGreaterThanOrEqual(3600);
    expect(sample(text, 'comeback_order_signals_pending')).toBe(1);
  });

  test('appends the Temporal SDK metrics, and answers without them when their endpoint is down', async () => {
    expect(sample((await api.get('/metrics')).body, 'temporal_stand_in_total')).toBe(7);
    const down = await startTestApi({ db: api.db, deps: { metrics, temporalMetricsUrl: 'http://127.0.0.1:9/metrics' } });
    try {
      const res = await down.get('/metrics');
      expect(res.status).toBe(200);
      expect(res.body).toContain('comeback_http_request_duration_seconds');
      expect(res.body).not.toContain('temporal_stand_in_total');
    } finally {
      await down.stop();
    }
  });

  test('without METRICS_TOKEN, a request relayed by a proxy is refused', async () => {
    const res = await api.get('/metrics', { headers: { 'X-Forwarded-For': '203.0.113.9' } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('metrics_loopback_only');
  });

  test('with METRICS_TOKEN, only the bearer gets the metrics', async () => {
    const guarded = await startTestApi({ db: api.db, env: { METRICS_TOKEN }, deps: { metrics: createMetrics({ nodeMetrics: false }) } });
    try {
      const none = await guarded.get('/metrics');
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toContain('Bearer');
      expect((await guarded.get('/metrics', { headers: { Authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(401);
      const ok = await guarded.get('/metrics', { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(ok.status).toBe(200);
      expect(ok.body).toContain('comeback_http_request_duration_seconds');
    } finally {
      await guarded.stop();
    }
  });

  test('a process that does not collect metrics answers 404', async () => {
    const plain = await startTestApi({ db: api.db });
    try {
      expect((await plain.get('/metrics')).status).toBe(404);
    } finally {
      await plain.stop();
    }
  });
});

describe('the lone worker\'s listener', () => {
  test('serves the same metrics under the same access rule', async () => {
    const own = createMetrics({ nodeMetrics: false });
    own.runsEnrolled.inc({ outcome: 'started' }, 3);
    const listener = await serveMetrics({ metrics: own, host: '127.0.0.1', port: 0, token: METRICS_TOKEN, temporalMetricsUrl: temporalStandInUrl });
    try {
      expect((await fetch(listener.url)).status).toBe(401);
      const res = await fetch(listener.url, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(sample(text, 'comeback_runs_enrolled_total{outcome="started"}')).toBe(3);
      expect(sample(text, 'temporal_stand_in_total')).toBe(7);
      expect((await fetch(listener.url.replace('/metrics', '/other'))).status).toBe(404);
    } finally {
      await listener.close();
    }
  });
});
