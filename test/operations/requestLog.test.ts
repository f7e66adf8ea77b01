import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { connect } from '../../server/db/client';
import { createLogger, formatText, loggerOptionsFromEnv } from '../../server/infra/log';
import { temporalLogger } from '../../server/temporal/telemetry';
import { startTestApi, type TestApi } from '../support/api';

/** Every line the API's logger wrote, parsed. */
const lines: Record<string, any>[] = [];
const destination = { write: (line: string) => void lines.push(JSON.parse(line)) };

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ deps: { log: createLogger({ format: 'json', level: 'info', destination }) } });
});

afterAll(async () => {
  await api?.stop();
});

beforeEach(() => {
  lines.length = 0;
});

const accessLines = () => lines.filter((l) => l.msg === 'request completed' || l.msg === 'request failed');

describe('request ids and access log lines', () => {
  test('an incoming X-Request-Id is kept: echoed in the response and on the request\'s log line', async () => {
    const admin = await api.loginAs('admin');
    lines.length = 0;
    const res = await admin.get('/api/users', { headers: { 'X-Request-Id': 'lb-7f3a:0001' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('lb-7f3a:0001');
    const [line] = accessLines();
    expect(line).toMatchObject({
      level: 'info',
      reqId: 'lb-7f3a:0001',
      method: 'GET',
      route: '/api/users',
      path: '/api/users',
      status: 200,
      userId: admin.user.id,
    });
    expect(typeof line.durationMs).toBe('number');
    expect(new Date(line.time).toISOString()).toBe(line.time);
  });

  test('an unsafe or overlong incoming id is replaced by a generated one, the same in header and log', async () => {
    for (const incoming of ['has spaces and "quotes"', 'x'.repeat(65)]) {
      lines.length = 0;
      const res = await api.get('/api/scenarios/12345', { headers: { 'X-Request-Id': incoming } });
      expect(res.status).toBe(401);
      const id = res.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(accessLines()).toEqual([expect.objectContaining({ reqId: id, route: '/api/scenarios/:id', path: '/api/scenarios/12345', status: 401 })]);
    }
  });

  test('without an incoming id every request gets its own', async () => {
    const a = await api.get('/api/health');
    const b = await api.get('/api/health');
    expect(a.headers.get('x-request-id')).toBeTruthy();
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
    expect(accessLines().map((l) => l.reqId)).toEqual([a.headers.get('x-request-id'), b.headers.get('x-request-id')]);
  });

  test('an unexpected error is logged with its stack under the request\'s id, and answered as a 500', async () => {
    // A database nobody listens on: the session lookup fails with a connection error, which no route expects.
    const unreachable = connect('postgres://nobody:nothing@127.0.0.1:9/none', { max: 1 });
    const broken = await startTestApi({ db: api.db, deps: { sql: unreachable, log: createLogger({ format: 'json', level: 'info', destination }) } });
    try {
      lines.length = 0;
      const res = await broken.get('/api/users', { headers: { Cookie: 'comeback_session=whatever', 'X-Request-Id': 'req-500' } });
      expect(res.status).toBe(500);
      expect(res.body.error.code).toBe('internal_error');
      expect(res.headers.get('x-request-id')).toBe('req-500');
      const failure = lines.find((l) => l.msg === 'request failed with an unexpected error');
      expect(failure).toMatchObject({ level: 'error', reqId: 'req-500', method: 'GET', path: '/api/users', err: { stack: expect.any(String) } });
      expect(accessLines()).toEqual([expect.objectContaining({ level: 'error', reqId: 'req-500', status: 500, route: '/api/users' })]);
    } finally {
      await broken.stop();
      await unreachable.end({ timeout: 1 });
    }
  });

  test('the unsubscribe link\'s token stays out of the log', async () => {
    await api.get('/u/some-secret-unsubscribe-token');
    const [line] = accessLines();
    expect(line.route).toBe('/u/:token');
    expect(JSON.stringify(lines)).not.toContain('some-secret-unsubscribe-token');
  });
});

describe('formats', () => {
  test('text: one readable line, fields as key=value, an error\'s stack below it', () => {
    const text = formatText({ level: 'info', time: '2026-11-30T02:31:05.120Z', pid: 1, hostname: 'h', reqId: 'r1', route: '/api/users', status: 200, msg: 'request completed' });
    expect(text).toBe('02:31:05 INFO  request completed reqId=r1 route=/api/users status=200');
    const failed = formatText({ level: 'error', time: '2026-11-30T02:31:06.000Z', msg: 'start failed', err: { message: 'boom', stack: 'Error: boom\n    at main' } });
    expect(failed.split('\n')).toEqual(['02:31:06 ERROR start failed', '    Error: boom', '        at main']);
  });

  test('LOG_FORMAT wins; without it a terminal gets text and anything else JSON', () => {
    expect(loggerOptionsFromEnv({ LOG_FORMAT: 'json' }, true).format).toBe('json');
    expect(loggerOptionsFromEnv({ LOG_FORMAT: 'text' }, false).format).toBe('text');
    expect(loggerOptionsFromEnv({}, true).format).toBe('text');
    expect(loggerOptionsFromEnv({}, false).format).toBe('json');
    expect(loggerOptionsFromEnv({ LOG_LEVEL: 'warn' }, false).level).toBe('warn');
  });

  test('the Temporal SDK\'s lines go through the same logger, an activity\'s error with its stack', () => {
    const out: Record<string, any>[] = [];
    const sdk = temporalLogger(createLogger({ level: 'debug', destination: { write: (s: string) => void out.push(JSON.parse(s)) } }));
    sdk.warn('Activity failed', { activityType: 'sendMessage', error: new TypeError('provider down') });
    sdk.log('INFO', 'Worker state changed', { state: 'RUNNING' });
    sdk.trace('noise');
    expect(out).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'Activity failed', activityType: 'sendMessage', err: expect.objectContaining({ type: 'TypeError', message: 'provider down', stack: expect.stringContaining('TypeError: provider down') }) }),
      expect.objectContaining({ level: 'info', msg: 'Worker state changed', state: 'RUNNING' }),
    ]);
  });

  test('a text logger writes what a JSON logger would, as text', () => {
    const out: string[] = [];
    const logger = createLogger({ format: 'text', destination: { write: (s: string) => void out.push(s) } });
    logger.child({ reqId: 'abc' }).warn({ status: 503 }, 'database down');
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^\d\d:\d\d:\d\d WARN  database down reqId=abc status=503\n$/);
  });
});
