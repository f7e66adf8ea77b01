import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerRecordSchema, OrderRecordSchema } from '../../server/ingest/records';
import { startTestApi, type SignedInClient, type TestApi } from '../support/api';

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

/** 93 Cyrillic characters: two SMS segments (67 per segment once over 70). */
const LONG_SMS = 'Дарим вам 300 баллов на покупку в нашей пекарне до конца недели. Ждём вас за свежим хлебом!!';
const SHORT_SMS = '{{ customer.firstName }}, мы скучаем! Загляните к нам';

/** Seed 003's shape: six months without orders, once per 180 days, a hello (email, SMS fallback) and an SMS offer. */
function winBack(overrides: { secondText?: string } = {}) {
  return {
    format: 'scenario/v1',
    name: 'Возврат: полгода без заказов',
    nodes: [
      { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
      {
        id: 'audience',
        type: 'filter',
        config: { condition: { all: [{ field: 'orderCount', op: 'gte', value: 1 }, { field: 'daysSinceLastOrder', op: 'gte', value: 180 }] } },
      },
      { id: 'once', type: 'frequencyLimit', config: { count: 'entries', scope: 'scenario', max: 1, periodDays: 180 } },
      { id: 'hello', type: 'send', config: { channel: 'email', fallbackChannels: ['sms'], subject: 'Мы скучаем', text: SHORT_SMS } },
      { id: 'w7', type: 'wait', config: { days: 7 } },
      { id: 'bought', type: 'checkOrders', config: {} },
      { id: 'offer', type: 'send', config: { channel: 'sms', text: overrides.secondText ?? LONG_SMS } },
    ],
    edges: [
      { from: 'start', port: 'out', to: 'audience' },
      { from: 'audience', port: 'yes', to: 'once' },
      { from: 'once', port: 'pass', to: 'hello' },
      { from: 'hello', port: 'out', to: 'w7' },
      { from: 'w7', port: 'out', to: 'bought' },
      { from: 'bought', port: 'no', to: 'offer' },
    ],
  };
}

describe('audience size and cost estimate', () => {
  let api: TestApi;
  let marketer: SignedInClient;
  let admin: SignedInClient;
  let scenarioId: string;

  beforeAll(async () => {
    api = await startTestApi();
    [marketer, admin] = await Promise.all([api.loginAs('marketer'), api.loginAs('admin')]);
    const ingest = await api.withToken(['ingest']);
    const customer = (id: string, name: string, contacts: Record<string, string>, subscriptions: Record<string, boolean>) => ({
      id,
      name,
      registeredAt: ago(400),
      city: 'Тверь',
      ...contacts,
      subscriptions,
    });
    const customers = await ingest.post('/api/customers', [
      customer('email-and-sms', 'Анна Петрова', { email: 'anna@example.test', phone: '+79001112233' }, { email: true, sms: true }),
      customer('sms-only', 'Борис Иванов', { phone: '+79004445566' }, { sms: true }),
      customer('unreachable', 'Вера Сидорова', { email: 'vera@example.test' }, { email: false }),
      customer('telegram-only', 'Глеб Орлов', { telegramChatId: '100200' }, { telegram: true }),
      customer('recent', 'Дарья Лебедева', { email: 'darya@example.test' }, { email: true }),
    ]);
    expect(customers.status).toBe(200);
    const order = (id: string, customerId: string, days: number) => ({ id, customerId, amount: 900, placedAt: ago(days), items: [{ sku: 'B1', name: 'Бородинский', category: 'Хлеб', qty: 2, price: 450 }] });
    const orders = await ingest.post('/api/orders', [
      order('o1', 'email-and-sms', 300),
      order('o2', 'email-and-sms', 200),
      order('o3', 'sms-only', 250),
      order('o4', 'unreachable', 190),
      order('o5', 'telegram-only', 365),
      order('o6', 'recent', 10),
    ]);
    expect(orders.status).toBe(200);
    const created = await marketer.post('/api/scenarios', winBack());
    expect(created.status).toBe(201);
    scenarioId = created.body.id;
  });
  afterAll(() => api?.stop());

  it('counts who would enter now, by reachable channel, and prices the costliest route (nobody buys)', async () => {
    const res = await marketer.post('/api/scenarios/audience', { document: winBack() });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ available: true, filterNodeId: 'audience', frequencyLimitNodeId: 'once' });
    expect(res.body.size).toEqual({ matching: 4, limited: 0, inRun: 0, control: 0, exclusive: 0, exclusiveBy: [], entering: 4 });
    expect(res.body.reachable).toEqual({ sms: 2, email: 1, telegram: 1, push: 0, none: 1 });
    // Email first, SMS as the fallback; the Telegram-only and the unsubscribed customer get nothing.
    expect(res.body.firstMessage).toEqual({ nodeId: 'hello', channels: { email: 1, sms: 1, telegram: 0, push: 0, none: 2 } });

    const { cost } = res.body;
    expect(cost.prices).toEqual({ smsPerSegment: 3.5, email: 0, telegram: 0, push: 0 });
    expect(cost.messages.map((m: { nodeId: string }) => m.nodeId)).toEqual(['hello', 'offer']);
    expect(cost.messages[1]).toMatchObject({ smsSegments: 2, recipients: { sms: 2, none: 2 }, cost: 14 });
    // hello: one SMS fallback of one segment (3.5 ₽); offer: two customers × two segments × 3.5 ₽.
    expect(cost.byChannel.sms).toEqual({ messages: 3, segments: 5, cost: 17.5 });
    expect(cost.byChannel.email).toEqual({ messages: 1, segments: 1, cost: 0 });
    expect(cost.total).toBe(17.5);
    expect(cost.perCustomer).toBeCloseTo(17.5 / 4);
  });

  it('leaves out customers stopped by the frequency limit or already in a run of this scenario', async () => {
    await api.sql`INSERT INTO runs (id, workflow_id, scenario_id, version, customer_id, status, entered_at, ended_at)
                  VALUES ('r-done', 'run:x:email-and-sms', ${scenarioId}, 1, 'email-and-sms', 'completed', ${ago(30)}, ${ago(10)}),
                         ('r-live', 'run:x:sms-only', ${scenarioId}, 1, 'sms-only', 'running', ${ago(3)}, null)`;
    const res = await marketer.get(`/api/scenarios/${scenarioId}/audience`);
    expect(res.status).toBe(200);
    expect(res.body.size).toEqual({ matching: 4, limited: 1, inRun: 1, control: 0, exclusive: 0, exclusiveBy: [], entering: 2 });
    expect(res.body.cost.total).toBe(0);

    // Another scenario's entries do not count against a limit scoped to this one.
    const unsaved = await marketer.post('/api/scenarios/audience', { document: winBack() });
    expect(unsaved.body.size.entering).toBe(4);
  });

  it('sizes the audience of a draft whose later nodes are still unfinished', async () => {
    const res = await marketer.post('/api/scenarios/audience', { document: winBack({ secondText: '' }) });
    expect(res.body.available).toBe(true);
    expect(res.body.size.entering).toBe(4);
    expect(res.body.cost.messages.map((m: { nodeId: string }) => m.nodeId)).toEqual(['hello']);
  });

  it('says why when there is no audience to count yet', async () => {
    const doc = winBack();
    doc.nodes[1].config = { condition: { all: [{ field: 'orderCount', op: 'gte', value: 'много' as never }] } };
    const res = await marketer.post('/api/scenarios/audience', { document: doc });
    expect(res.body).toMatchObject({ available: false, reason: 'Условие аудитории заполнено не до конца', size: null, cost: null });
  });

  it('uses the SMS price an admin sets; other roles may read it but not change it', async () => {
    expect((await marketer.put('/api/settings/pricing', { smsPerSegment: 1, email: 0, telegram: 0, push: 0 })).status).toBe(403);
    const bad = await admin.put('/api/settings/pricing', { smsPerSegment: -1, email: 0, telegram: 0, push: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('smsPerSegment');

    const defaults = (await marketer.get('/api/settings/pricing')).body;
    try {
      const saved = await admin.put('/api/settings/pricing', { smsPerSegment: 5, email: 0.2, telegram: 0, push: 0 });
      expect(saved.status).toBe(200);
      expect((await marketer.get('/api/settings/pricing')).body).toEqual({ smsPerSegment: 5, email: 0.2, telegram: 0, push: 0 });
      const [stored] = await api.sql<{ value: number }[]>`SELECT value FROM app_settings WHERE key = 'sms.pricePerSegment'`;
      expect(stored.value).toBe(5);

      const res = await marketer.post('/api/scenarios/audience', { document: winBack() });
      expect(res.body.cost.byChannel.sms.cost).toBe(5 + 2 * 2 * 5);
      expect(res.body.cost.byChannel.email.cost).toBeCloseTo(0.2);
    } finally {
      // The other tests price at the defaults, whatever their order and even when this test fails.
      await admin.put('/api/settings/pricing', defaults);
    }
  });

  it('offers real customers with their orders, ready for a simulation request', async () => {
    const audience = await marketer.get(`/api/scenarios/${scenarioId}/audience/sample?limit=10`);
    expect(audience.status).toBe(200);
    // The audience only, most recent buyers first.
    expect(audience.body.customers.map((c: { customer: { id: string } }) => c.customer.id)).toEqual(['unreachable', 'email-and-sms', 'sms-only', 'telegram-only']);

    const byPhone = await marketer.get(`/api/scenarios/${scenarioId}/audience/sample?q=${encodeURIComponent('8 900 444-55')}`);
    expect(byPhone.body.customers).toHaveLength(1);
    const [found] = byPhone.body.customers;
    expect(found).toMatchObject({ matches: true, customer: { id: 'sms-only', name: 'Борис Иванов', subscriptions: { sms: true, email: false } } });
    expect(found.orders).toEqual([
      { id: 'o3', customerId: 'sms-only', amount: 900, placedAt: expect.any(String), bonusSpent: 0, items: [{ sku: 'B1', name: 'Бородинский', category: 'Хлеб', qty: 2, price: 450 }] },
    ]);
    expect(CustomerRecordSchema.safeParse(found.customer).success).toBe(true);
    expect(OrderRecordSchema.safeParse(found.orders[0]).success).toBe(true);

    const byName = await marketer.get(`/api/scenarios/${scenarioId}/audience/sample?q=${encodeURIComponent('дарья')}`);
    expect(byName.body.customers.map((c: { customer: { id: string }; matches: boolean }) => [c.customer.id, c.matches])).toEqual([['recent', false]]);

    const support = await api.loginAs('support');
    expect((await support.get(`/api/scenarios/${scenarioId}/audience/sample`)).status).toBe(403);
    expect((await marketer.get('/api/scenarios/6d1f1b52-0000-4000-8000-000000000000/audience')).status).toBe(404);
  });
});
