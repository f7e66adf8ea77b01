import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi, type TokenClient } from '../support/api';

// POST /api/events and customers' birth dates over HTTP, hostile input included: what gets stored, what is refused
// and why, and that each new event (and only a new one) is due for entry.

describe('custom events and birth dates over HTTP', () => {
  let api: TestApi;
  let integration: TokenClient;
  let nudged = 0;
  beforeAll(async () => {
    api = await startTestApi({ deps: { onEventsIngested: () => void nudged++ } });
    integration = await api.withToken(['ingest']);
    const customers = await integration.post('/api/customers', [{ id: 'e-1', registeredAt: '2024-05-01', birthDate: '1990-04-17' }]);
    expect(customers.body.summary.accepted).toBe(1);
  });
  afterAll(() => api?.stop());

  it('stores each event once, answers per record, and puts only new events on the entry outbox', async () => {
    const now = new Date().toISOString();
    const batch = [
      { id: 'ev-1', customerId: 'e-1', type: 'cart_abandoned', at: now, data: { cart: 'Латте ×2', total: 640 } },
      { id: 'ev-2', customerId: 'nobody', type: 'cart_abandoned', at: '2025-06-01T08:00:00Z' },
      { id: 'ev-3', customerId: 'e-1', type: 'корзина', at: '2025-06-01T08:00:00Z' },
      { id: 'ev-4', customerId: 'e-1', type: 'page_view', at: 'вчера' },
    ];
    const first = await integration.post('/api/events', batch);
    expect(first.status).toBe(200);
    expect(first.body.results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'rejected', 'rejected', 'rejected']);
    expect(first.body.results[1].issues[0]).toMatchObject({ field: 'customerId' });
    expect(first.body.results[2].issues[0]).toMatchObject({ field: 'type' });
    expect(first.body.results[3].issues[0]).toMatchObject({ field: 'at' });
    expect(nudged).toBe(1);

    const again = await integration.post('/api/events', [batch[0]]);
    expect(again.body.summary).toMatchObject({ accepted: 0, duplicate: 1 });
    expect(nudged).toBe(1);
    expect(await api.sql`SELECT key, customer_id, kind, type FROM entry_events`).toEqual([{ key: 'event:ev-1', customer_id: 'e-1', kind: 'event', type: 'cart_abandoned' }]);
    expect(await api.sql`SELECT data FROM customer_events WHERE id = 'ev-1'`).toEqual([{ data: { cart: 'Латте ×2', total: 640 } }]);

    // An event from last year is history: stored, but too old to start anything, so it is not on the outbox.
    const old = await integration.post('/api/events', [{ id: 'ev-old', customerId: 'e-1', type: 'cart_abandoned', at: '2025-06-01T08:00:00Z' }]);
    expect(old.body.summary).toMatchObject({ accepted: 1 });
    expect(await api.sql`SELECT key FROM entry_events ORDER BY key`).toEqual([{ key: 'event:ev-1' }]);
    await api.sql`DELETE FROM entry_events`;
  });

  it('refuses event data that is too big or too deep, whatever it claims', async () => {
    let deep: unknown = 'дно';
    for (let i = 0; i < 50; i++) deep = { level: deep };
    const answer = await integration.post('/api/events', [
      { id: 'big', customerId: 'e-1', type: 'x', at: '2025-06-01T08:00:00Z', data: { blob: 'я'.repeat(5000) } },
      { id: 'deep', customerId: 'e-1', type: 'x', at: '2025-06-01T08:00:00Z', data: deep },
      { id: 'array', customerId: 'e-1', type: 'x', at: '2025-06-01T08:00:00Z', data: [1, 2, 3] },
      { id: 'formula', customerId: 'e-1', type: 'x', at: '2025-06-01T08:00:00Z', data: { note: '=HYPERLINK("http://evil")' } },
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body.results.map((r: { status: string }) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'accepted']);
    expect(answer.body.results[0].issues[0].messageRu).toMatch(/байт/);
    expect(answer.body.results[1].issues[0].messageRu).toMatch(/вложенность/);
    // Stored as given (it is data, not a formula); exports and templates escape what they print.
    expect(await api.sql`SELECT data FROM customer_events WHERE id = 'formula'`).toEqual([{ data: { note: '=HYPERLINK("http://evil")' } }]);
  });

  it('keeps a birth date when a later record leaves it out, clears it with null, and refuses impossible ones', async () => {
    const birthDate = async () => (await api.sql<{ d: string | null }[]>`SELECT to_char(birth_date, 'YYYY-MM-DD') AS d FROM customers WHERE id = 'e-1'`)[0].d;
    await integration.post('/api/customers', [{ id: 'e-1', registeredAt: '2024-05-01', name: 'Ева' }]);
    expect(await birthDate()).toBe('1990-04-17');
    const bad = await integration.post('/api/customers', [
      { id: 'e-2', registeredAt: '2024-05-01', birthDate: '1990-02-30' },
      { id: 'e-3', registeredAt: '2024-05-01', birthDate: '2999-01-01' },
      { id: 'e-4', registeredAt: '2024-05-01', birthDate: '17.04.1990' },
    ]);
    expect(bad.body.results.map((r: { status: string }) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    await integration.post('/api/customers', [{ id: 'e-1', registeredAt: '2024-05-01', birthDate: null }]);
    expect(await birthDate()).toBeNull();
  });

  it('lets only integrations and admins report events', async () => {
    const marketer = await api.loginAs('marketer');
    expect((await marketer.post('/api/events', [])).status).toBe(403);
    expect((await (await api.loginAs('admin')).post('/api/events', [])).status).toBe(200);
  });
});
