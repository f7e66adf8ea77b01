import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi, type TokenClient } from '../support/api';
import type { IngestedOrder } from '../../server/ingest/orders';

describe('ingest and import over HTTP', () => {
  let api: TestApi;
  let integration: TokenClient;
  const hooked: IngestedOrder[][] = [];
  beforeAll(async () => {
    api = await startTestApi({ deps: { onOrdersIngested: (orders) => void hooked.push(orders) } });
    integration = await api.withToken(['ingest']);
  });
  afterAll(() => api?.stop());

  it('lets an integration token upsert customers and ingest orders, reporting each record and telling the hook once', async () => {
    // Only the hook calls of this test: the other tests ingest orders through the same hook.
    const hookedBefore = hooked.length;
    const customers = await integration.post('/api/customers', [
      { id: 'h-1', name: 'Пётр', phone: '89123456789', registeredAt: '2024-05-01' },
      { id: 'h-2', registeredAt: 'вчера' },
    ]);
    expect(customers.status).toBe(200);
    expect(customers.body.summary).toEqual({ accepted: 1, updated: 0, duplicate: 0, rejected: 1, keptOptOut: 0 });
    expect(customers.body.results[1]).toMatchObject({ index: 1, id: 'h-2', status: 'rejected', issues: [{ field: 'registeredAt' }] });

    const batch = [
      { id: 'o-1', customerId: 'h-1', amount: 640, placedAt: '2025-06-01T08:00:00Z', items: [{ sku: 'COF-LAT', name: 'Латте', category: 'Кофе', qty: 2, price: 320 }] },
      { id: 'o-17', customerId: 'h-1', amount: -1, placedAt: '2025-06-02T08:00:00Z' },
      { id: 'o-18', customerId: 'nobody', amount: 10, placedAt: '2025-06-02T08:00:00Z' },
    ];
    const first = await integration.post('/api/orders', batch);
    expect(first.status).toBe(200);
    expect(first.body.results).toEqual([
      { index: 0, id: 'o-1', status: 'accepted' },
      { index: 1, id: 'o-17', status: 'rejected', issues: [{ field: 'amount', message: 'must be ≥ 0', messageRu: 'должно быть не меньше 0' }] },
      { index: 2, id: 'o-18', status: 'rejected', issues: [expect.objectContaining({ field: 'customerId' })] },
    ]);
    const retry = await integration.post('/api/orders', batch);
    expect(retry.body.summary).toEqual({ accepted: 0, updated: 0, duplicate: 1, rejected: 2 });
    expect(hooked.slice(hookedBefore)).toEqual([[{ customerId: 'h-1', orderId: 'o-1', placedAt: new Date('2025-06-01T08:00:00Z'), amount: 640 }]]);
    const [stats] = await api.sql`SELECT order_count, total_spent FROM customer_stats WHERE customer_id = 'h-1'`;
    expect(stats).toEqual({ order_count: 1, total_spent: 640 });
  });

  it('answers 400 for a body that is not an array and 413 for more than 10,000 records', async () => {
    const notArray = await integration.post('/api/orders', { id: 'o-1' });
    expect(notArray.status).toBe(400);
    expect(notArray.body.error.code).toBe('invalid_batch');
    const tooMany = await integration.post('/api/customers', Array.from({ length: 10_001 }, (_, i) => ({ id: `x${i}`, registeredAt: '2024-01-01' })));
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.error.code).toBe('batch_too_large');
    expect(await api.sql`SELECT count(*)::int AS n FROM customers WHERE id LIKE 'x%'`).toEqual([{ n: 0 }]);
  });

  it('keeps ingest to admins and tokens, and imports to marketers too', async () => {
    const marketer = await api.loginAs('marketer');
    const analyst = await api.loginAs('analyst');
    const admin = await api.loginAs('admin');
    expect((await marketer.post('/api/orders', [])).status).toBe(403);
    expect((await admin.post('/api/orders', [])).status).toBe(200);
    const csv = 'Код клиента;Имя;Дата регистрации\nm-1;Зоя;01.02.2024\n';
    // Only the audit entries of this test's import: the templates test imports customers too.
    const [{ lastAudit }] = await api.sql<{ lastAudit: number }[]>`SELECT coalesce(max(id), 0)::int AS "lastAudit" FROM audit_log`;
    expect((await analyst.post('/api/import/customers', undefined, { raw: csv, headers: { 'Content-Type': 'text/csv' } })).status).toBe(403);
    const done = await marketer.post('/api/import/customers', undefined, { raw: csv, headers: { 'Content-Type': 'text/csv' } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ applied: true, summary: { accepted: 1 } });
    const entries = await api.sql`SELECT action, user_id FROM audit_log WHERE action = 'import.customers' AND id > ${lastAudit}`;
    expect(entries).toEqual([{ action: 'import.customers', user_id: marketer.user.id }]);
  });

  it('offers CSV templates that import as they are', async () => {
    const marketer = await api.loginAs('marketer');
    const customers = await marketer.get('/api/import/customers/template');
    expect(customers.status).toBe(200);
    expect(customers.headers.get('content-type')).toContain('text/csv');
    expect(customers.body.startsWith('Код клиента;Имя;Телефон')).toBe(true);
    // The byte-order mark makes Excel read the file as UTF-8 (fetch's text() hides it, so look at the bytes).
    const bytes = new Uint8Array(await (await fetch(`${api.baseUrl}/api/import/customers/template`, { headers: marketer.authHeaders })).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const imported = await marketer.post('/api/import/customers', undefined, { raw: customers.body, headers: { 'Content-Type': 'text/csv' } });
    expect(imported.body).toMatchObject({ applied: true, summary: { accepted: 2 } });
    const orders = await marketer.get('/api/import/orders/template');
    const importedOrders = await marketer.post('/api/import/orders', undefined, { raw: orders.body, headers: { 'Content-Type': 'text/csv' } });
    expect(importedOrders.body).toMatchObject({ applied: true, summary: { accepted: 2 } });
    expect(await api.sql`SELECT bonus_spent, amount FROM orders WHERE id = '2024-0002'`).toEqual([{ bonus_spent: 100, amount: 700 }]);
  });

  it('takes a multipart upload and rejects a file with a bad row as a whole, saying which rows', async () => {
    // A customer of its own for the orders in the file.
    const customer = await integration.post('/api/customers', [{ id: 'f-customer', name: 'Фёдор', registeredAt: '2024-05-01' }]);
    expect(customer.body.summary).toMatchObject({ accepted: 1 });
    const marketer = await api.loginAs('marketer');
    const form = new FormData();
    form.set('file', new Blob(['Номер заказа,Клиент,Дата,Сумма\nf-1,f-customer,02.06.2025,"350,00"\nf-2,f-customer,32.06.2025,100\nf-3,f-customer,03.06.2025,сто\n'], { type: 'text/csv' }), 'orders.csv');
    const res = await fetch(`${api.baseUrl}/api/import/orders`, { method: 'POST', headers: marketer.authHeaders, body: form });
    const body = await res.json();
    expect(res.status).toBe(422);
    expect(body.error.code).toBe('import_rejected');
    expect(body.error.message).toContain('Ничего не изменено');
    expect(body.error.issues.map((i: { path: string }) => i.path)).toEqual(['rows.3.Дата', 'rows.4.Сумма']);
    expect(body.problems).toHaveLength(2);
    expect(await api.sql`SELECT count(*)::int AS n FROM orders WHERE id LIKE 'f-%'`).toEqual([{ n: 0 }]);

    const fixed = new FormData();
    fixed.set('file', new Blob(['Номер заказа,Клиент,Дата,Сумма\nf-1,f-customer,02.06.2025 10:00,"350,00"\n'], { type: 'text/csv' }), 'orders.csv');
    const ok = await fetch(`${api.baseUrl}/api/import/orders?timezone=Asia/Yekaterinburg`, { method: 'POST', headers: marketer.authHeaders, body: fixed });
    expect(ok.status).toBe(200);
    expect(await api.sql`SELECT placed_at FROM orders WHERE id = 'f-1'`).toEqual([{ placed_at: new Date('2025-06-02T05:00:00Z') }]);
    expect(hooked.at(-1)).toEqual([expect.objectContaining({ orderId: 'f-1', customerId: 'f-customer' })]);
  });
});
