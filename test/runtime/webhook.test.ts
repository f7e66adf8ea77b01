import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ScenarioDocumentInput } from '../../shared/scenario/schema';
import { createEndpoint } from '../../server/webhooks/endpoints';
import type { WebhookTransport } from '../../server/webhooks/call';
import { startFakeWebhookReceiver, type FakeWebhookReceiver } from '../fakes/webhookReceiver';
import { customer, order, startRuntimeHarness, type RuntimeHarness } from './harness';

// The webhook node end to end: the production workflow on the time-skipping test server (retry backoff is skipped
// like any timer), real PostgreSQL, and a receiver on loopback that checks every signature and counts what arrives.
// Each run's journal shows the branch taken and why.

const START = '2026-03-02T00:00:00+03:00';
const LIVE: WebhookTransport = { kind: 'live', timeoutMs: 2_000, allowHttpLoopback: true };

let h: RuntimeHarness;
let receiver: FakeWebhookReceiver;
beforeAll(async () => {
  [h, receiver] = await Promise.all([startRuntimeHarness(), startFakeWebhookReceiver()]);
  const { secret } = await createEndpoint(h.db.sql, { name: 'CRM', url: receiver.url }, { userId: null, tokenId: null }, { allowHttpLoopback: true });
  receiver.useSecret(secret);
}, 180_000);
afterAll(async () => {
  await receiver?.stop();
  await h?.stop();
});
beforeEach(async () => {
  await h.reset();
  receiver.requests.length = 0;
});

/** trigger → customers with an order → webhook → «успешно»: a thank-you task, «ошибка»: a task to check the CRM. */
function handOver(endpoint = 'CRM'): ScenarioDocumentInput {
  return {
    format: 'scenario/v1',
    name: 'Передать в CRM',
    settings: { timezone: 'Europe/Moscow' },
    nodes: [
      { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
      { id: 'audience', type: 'filter', config: { condition: { field: 'orderCount', op: 'gte', value: 1 } } },
      { id: 'hook', type: 'webhook', config: { endpoint, fields: [{ key: 'firstName', value: '{{ customer.firstName }}' }, { key: 'offer', value: 'кофе в подарок' }] } },
      { id: 'ok', type: 'task', config: { text: 'CRM получила {{ customer.name }}' } },
      { id: 'oops', type: 'task', config: { text: 'Проверить CRM: {{ customer.name }} не передан' } },
    ],
    edges: [
      { from: 'start', port: 'out', to: 'audience' },
      { from: 'audience', port: 'yes', to: 'hook' },
      { from: 'hook', port: 'success', to: 'ok' },
      { from: 'hook', port: 'failure', to: 'oops' },
    ],
  };
}

async function oneCustomer(id: string) {
  await h.customers([customer(id, { name: 'Анна Петрова' })]);
  await h.orders([order(`${id}-o1`, id, '2026-01-15T12:00:00+03:00')]);
}

/** The journal of the customer's only run, as «node outcome: reason». */
const journal = (run: { steps: Array<{ nodeId: string; outcome: string; reason?: string }> }) => run.steps.map((s) => `${s.nodeId} ${s.outcome}${s.reason ? `: ${s.reason}` : ''}`);

describe('the webhook node', () => {
  it('posts a signed body once and goes on through «успешно»', { timeout: 120_000 }, async () => {
    await oneCustomer('W1');
    const outcome = await h.run(handOver(), { start: START, days: 1, webhooks: LIVE, recordHistories: { W1: 'webhook-success' } });
    const run = outcome.runOf('W1');
    expect(journal(run).slice(2)).toEqual([
      'hook delivered: вебхук «CRM» принял запрос: HTTP 200',
      'ok created: задача для роли «support»: CRM получила Анна Петрова',
    ]);
    expect(receiver.badSignatures).toBe(0);
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request.idempotencyKey).toBe(request.body.id);
    expect(request.body).toMatchObject({
      type: 'scenario.webhook',
      customerId: 'W1',
      scenario: { id: outcome.plan.scenarioId, version: 1, name: 'Передать в CRM' },
      nodeId: 'hook',
      data: { firstName: 'Анна', offer: 'кофе в подарок' },
    });
    // The run's time (10:00 in Moscow on the simulated day), not the machine's.
    expect(request.body.occurredAt).toMatch(/^2026-03-02T07:00:/);
  });

  it('retries a 500 and a 503 with the same body and Idempotency-Key, then takes «успешно»', { timeout: 120_000 }, async () => {
    await oneCustomer('W2');
    receiver.script(500, 503);
    const run = (await h.run(handOver(), { start: START, days: 1, webhooks: LIVE })).runOf('W2');
    expect(journal(run).slice(2, 3)).toEqual(['hook delivered: вебхук «CRM» принял запрос с 3-й попытки: HTTP 200']);
    expect(run.tasks.map((t) => t.nodeId)).toEqual(['ok']);
    expect(receiver.requests.map((r) => r.answered)).toEqual([500, 503, 200]);
    expect(new Set(receiver.requests.map((r) => r.idempotencyKey)).size).toBe(1);
    expect(new Set(receiver.requests.map((r) => r.raw)).size).toBe(1);
    const attempts = await h.db.sql<{ attempt: number; outcome: string; response_status: number }[]>`
      SELECT a.attempt, a.outcome, a.response_status FROM webhook_attempts a JOIN webhook_calls c ON c.id = a.call_id WHERE c.customer_id = 'W2' ORDER BY a.id`;
    expect(attempts.map((a) => `${a.attempt} ${a.outcome} ${a.response_status}`)).toEqual(['1 retry 500', '2 retry 503', '3 delivered 200']);
  });

  it('a 400 is final: one request, then «ошибка» with the answer in the journal', { timeout: 120_000 }, async () => {
    await oneCustomer('W3');
    receiver.script(400);
    const run = (await h.run(handOver(), { start: START, days: 1, webhooks: LIVE, recordHistories: { W3: 'webhook-refused' } })).runOf('W3');
    expect(receiver.requests).toHaveLength(1);
    const [hook, next] = run.steps.slice(2);
    expect(hook).toMatchObject({ nodeId: 'hook', outcome: 'failed' });
    expect(hook.reason).toMatch(/^вебхук «CRM» не принял запрос: HTTP 400 «\{"error":"status 400","padding":"x+…»$/);
    expect(hook.reason!.length).toBeLessThan(200);
    expect(next).toMatchObject({ nodeId: 'oops', outcome: 'created' });
  });

  it('an endpoint that never answers is tried 8 times, then the run takes «ошибка»', { timeout: 180_000 }, async () => {
    await oneCustomer('W4');
    receiver.script(...Array.from({ length: 8 }, () => 'hang' as const));
    const run = (await h.run(handOver(), { start: START, days: 1, webhooks: { ...LIVE, timeoutMs: 300 } })).runOf('W4');
    expect(receiver.requests).toHaveLength(8);
    expect(new Set(receiver.requests.map((r) => r.idempotencyKey)).size).toBe(1);
    expect(journal(run).slice(2, 3)).toEqual(['hook failed: вебхук «CRM» не принял запрос: 8 попыток, последняя — нет ответа за 0,3 с']);
    expect(run.tasks.map((t) => t.nodeId)).toEqual(['oops']);
  });

  it('an endpoint missing from the settings fails at once, naming it', { timeout: 120_000 }, async () => {
    await oneCustomer('W5');
    const run = (await h.run(handOver('Склад'), { start: START, days: 1, webhooks: LIVE })).runOf('W5');
    expect(journal(run).slice(2, 3)).toEqual(['hook failed: вебхук «Склад» не принял запрос: вебхука «Склад» нет в настройках (его удалили или переименовали)']);
    expect(receiver.requests).toHaveLength(0);
  });

  it('in a simulation calls no one, takes «успешно» and says so', { timeout: 120_000 }, async () => {
    await oneCustomer('W6');
    const run = (await h.run(handOver(), { start: START, days: 1 })).runOf('W6');
    expect(journal(run).slice(2, 3)).toEqual(['hook simulated: симуляция: вебхук «CRM» не вызывался, дальше по ветке «успешно»']);
    expect(run.tasks.map((t) => t.nodeId)).toEqual(['ok']);
    expect(receiver.requests).toHaveLength(0);
  });

  it('does not call a customer who bought since entering (stop on purchase)', { timeout: 120_000 }, async () => {
    await oneCustomer('W7');
    // Ordered a minute after entry, before the webhook (which follows a one-hour wait).
    const doc = handOver();
    doc.nodes.splice(2, 0, { id: 'pause', type: 'wait', config: { days: 0, hours: 1 } });
    doc.edges = doc.edges.map((e) => (e.to === 'hook' ? { ...e, to: 'pause' } : e));
    doc.edges.push({ from: 'pause', port: 'out', to: 'hook' });
    const run = (
      await h.run(doc, { start: START, days: 1, webhooks: LIVE, events: [order('W7-o2', 'W7', '2026-03-02T10:01:00+03:00')] })
    ).runOf('W7');
    expect(run.status).toBe('converted');
    expect(receiver.requests).toHaveLength(0);
  });
});
