import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { AbReport, ScenarioReport } from '../../shared/api/analytics';
import { AudienceReport, AudienceSample } from '../../shared/api/audience';
import { SessionInfo } from '../../shared/api/auth';
import { ErrorBody } from '../../shared/api/errors';
import { RfmMatrix, RfmReactivation, SegmentCustomerPage, SegmentList, SegmentWithCount } from '../../shared/api/rfm';
import { PublishResult, Scenario, ScenarioList, ScenarioVersion, ScenarioVersionList, ValidateResult } from '../../shared/api/scenarios';
import { Prices } from '../../shared/api/settings';
import { CustomerCard, CustomerPage, RunPage, TaskList, UnsubscribeResult } from '../../shared/api/support';
import { RecordingRuntime } from '../scenarios/recordingRuntime';
import { startTestApi, type ApiResponse, type SignedInClient, type TestApi } from '../support/api';

// The editor is typed with the schemas in shared/api, and tsc holds the route handlers to them; what tsc cannot see
// is the data itself (SQL rows are typed by assertion). These are real answers, parsed by the same schemas.

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

const DOCUMENT = {
  format: 'scenario/v1',
  name: 'Возврат: полгода без заказов',
  nodes: [
    { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
    { id: 'audience', type: 'filter', config: { condition: { all: [{ field: 'orderCount', op: 'gte', value: 1 }, { field: 'daysSinceLastOrder', op: 'gte', value: 180 }] } } },
    { id: 'split', type: 'abSplit', config: { variants: [{ key: 'a', label: 'A', weight: 50 }, { key: 'b', label: 'B', weight: 50 }] } },
    { id: 'hello', type: 'send', config: { channel: 'email', fallbackChannels: ['sms'], subject: 'Мы скучаем', text: 'Загляните к нам' } },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'audience' },
    { from: 'audience', port: 'yes', to: 'split' },
    { from: 'split', port: 'a', to: 'hello' },
  ],
};

/** The body of a 2xx answer, parsed by `schema`; a mismatch fails with the path of every field that differs. */
function answer<S extends z.ZodType>(res: ApiResponse, schema: S): z.infer<S> {
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBeLessThan(300);
  const parsed = schema.safeParse(res.body);
  expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
  return parsed.data as z.infer<S>;
}

describe('answers match the shared schemas the editor is typed with', () => {
  let api: TestApi;
  let admin: SignedInClient;
  let scenarioId: string;

  beforeAll(async () => {
    api = await startTestApi({ deps: { runtime: new RecordingRuntime() } });
    admin = await api.loginAs('admin');
    const ingest = await api.withToken(['ingest']);
    const customers = await ingest.post('/api/customers', [
      { id: 'C-1', name: 'Анна Петрова', email: 'anna@example.test', phone: '+79001112233', registeredAt: ago(400), city: 'Тверь', subscriptions: { email: true, sms: true } },
      { id: 'C-2', name: 'Борис Иванов', phone: '+79004445566', registeredAt: ago(500), subscriptions: { sms: true } },
    ]);
    expect(customers.status).toBeLessThan(300);
    const orders = await ingest.post('/api/orders', [
      { id: 'O-1', customerId: 'C-1', amount: 900, placedAt: ago(200), items: [{ sku: 'bread', name: 'Хлеб', category: 'Выпечка', qty: 2, price: 450 }] },
      { id: 'O-2', customerId: 'C-1', amount: 1200.5, placedAt: ago(190) },
      { id: 'O-3', customerId: 'C-2', amount: 700, placedAt: ago(20), bonusSpent: 50 },
    ]);
    expect(orders.status).toBeLessThan(300);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('session, prices and scenarios with their versions', async () => {
    answer(await admin.get('/api/auth/me'), SessionInfo);
    answer(await admin.get('/api/settings/pricing'), Prices);
    const created = answer(await admin.post('/api/scenarios', DOCUMENT), Scenario);
    scenarioId = created.id;
    answer(await admin.post('/api/scenarios/validate', DOCUMENT), ValidateResult);
    const saved = answer(await admin.put(`/api/scenarios/${scenarioId}`, { document: DOCUMENT, baseRevision: created.draftRevision }), Scenario);
    const published = answer(await admin.post(`/api/scenarios/${scenarioId}/publish`, { draftRevision: saved.draftRevision }), PublishResult);
    expect(published.scenario.status).toBe('active');
    answer(await admin.get(`/api/scenarios/${scenarioId}`), Scenario);
    expect(answer(await admin.get('/api/scenarios'), ScenarioList).scenarios.map((s) => s.id)).toContain(scenarioId);
    expect(answer(await admin.get(`/api/scenarios/${scenarioId}/versions`), ScenarioVersionList).versions).toHaveLength(1);
    answer(await admin.get(`/api/scenarios/${scenarioId}/versions/${published.version}`), ScenarioVersion);
  });

  it('audience, its sample, the report and the A/B results', async () => {
    const report = answer(await admin.post('/api/scenarios/audience', { document: DOCUMENT, scenarioId }), AudienceReport);
    expect(report.size?.matching).toBe(1);
    expect(answer(await admin.get(`/api/scenarios/${scenarioId}/audience/sample?q=Анна`), AudienceSample).customers[0].orders).toHaveLength(2);
    answer(await admin.get(`/api/scenarios/${scenarioId}/report`), ScenarioReport);
    expect(answer(await admin.get(`/api/scenarios/${scenarioId}/ab`), AbReport).splits).toHaveLength(1);
  });

  it('RFM matrix, reactivation, a cell and segments', async () => {
    const matrix = answer(await admin.get('/api/rfm'), RfmMatrix);
    expect(matrix.total.customers).toBe(2);
    answer(await admin.get('/api/rfm/reactivation'), RfmReactivation);
    const cell = matrix.cells.find((c) => c.customers > 0)!;
    expect(answer(await admin.get(`/api/rfm/customers?row=${cell.row}&col=${cell.col}`), SegmentCustomerPage).customers.length).toBeGreaterThan(0);
    answer(await admin.post('/api/segments', { name: 'Два заказа и больше', condition: { all: [{ field: 'orderCount', op: 'gte', value: 2 }] } }), SegmentWithCount);
    expect(answer(await admin.get('/api/segments'), SegmentList).segments.length).toBeGreaterThan(1);
  });

  it('the support desk: search, card, runs, tasks, unsubscribe; and an error', async () => {
    expect(answer(await admin.get('/api/customers?q=Анна'), CustomerPage).items.map((c) => c.id)).toEqual(['C-1']);
    const card = answer(await admin.get('/api/customers/C-1'), CustomerCard);
    expect(card.orders[card.orders.length - 1].items).toHaveLength(1);
    answer(await admin.get(`/api/runs?scenarioId=${scenarioId}`), RunPage);
    answer(await admin.get('/api/tasks'), TaskList);
    answer(await admin.post('/api/customers/C-1/unsubscribe', { channel: 'email' }), UnsubscribeResult);
    expect(answer(await admin.get('/api/customers/C-1'), CustomerCard).consent[0]).toMatchObject({ channel: 'email', subscribed: false, source: 'support' });
    const missing = await admin.get('/api/customers/nobody');
    expect(missing.status).toBe(404);
    expect(ErrorBody.safeParse(missing.body).success).toBe(true);
  });
});
