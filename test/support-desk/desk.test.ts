import { afterAll, beforeAll, expect, it } from 'vitest';
import { upsertCustomers } from '../../server/ingest/customers';
import { ingestOrders } from '../../server/ingest/orders';
import { startTestApi, type SignedInClient, type TestApi } from '../support/api';

/** The support desk without Temporal: customer search and card, message resend, the staff task queue. */

let api: TestApi;
let support: SignedInClient;
let colleague: SignedInClient;

beforeAll(async () => {
  api = await startTestApi();
  support = await api.loginAs('support');
  colleague = await api.loginAs('support');
  await upsertCustomers(api.sql, [
    { id: 'C-1', name: 'Мария Соколова', phone: '+7 903 111-22-33', email: 'maria@cafe.ru', registeredAt: '2024-01-10T12:00:00+03:00', subscriptions: { sms: true, email: true, telegram: false, push: false } },
    { id: 'C-2', name: 'Марина Смирнова', phone: '89031112299', registeredAt: '2024-02-10T12:00:00+03:00', subscriptions: { sms: true, email: false, telegram: false, push: false } },
    { id: 'C-3', name: 'Олег Марков', email: 'oleg@mail.ru', registeredAt: '2024-03-10T12:00:00+03:00' },
  ]);
  await ingestOrders(api.sql, [
    { id: 'o1', customerId: 'C-1', amount: 450, placedAt: '2025-06-01T09:00:00+03:00', items: [{ sku: 'croissant', name: 'Круассан', category: 'Выпечка', qty: 2, price: 150 }, { sku: 'latte', name: 'Латте', category: 'Кофе', qty: 1, price: 150 }] },
    { id: 'o2', customerId: 'C-1', amount: 300, placedAt: '2025-07-01T09:00:00+03:00', items: [{ sku: 'latte', name: 'Латте', category: 'Кофе', qty: 2, price: 150 }] },
  ]);
  const soon = new Date(Date.now() + 5 * 86_400_000);
  await api.sql`INSERT INTO bonus_ledger (customer_id, kind, points, at, expires_at, reason) VALUES ('C-1', 'grant', 180, now() - interval '1 day', ${soon}, 'подарок за возвращение')`;
});

afterAll(async () => {
  await api?.stop();
});

const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((c) => c.id);

it('finds customers by name words, phone in any writing, email prefix and id, page by page', async () => {
  expect(ids(await support.get('/api/customers?q=мар'))).toEqual(['C-1', 'C-2', 'C-3']);
  expect(ids(await support.get('/api/customers?q=мария'))).toEqual(['C-1']);
  expect(ids(await support.get(`/api/customers?q=${encodeURIComponent('8 (903) 111-22')}`))).toEqual(['C-1', 'C-2']);
  expect(ids(await support.get(`/api/customers?q=${encodeURIComponent('+79031112299')}`))).toEqual(['C-2']);
  expect(ids(await support.get('/api/customers?q=OLEG@'))).toEqual(['C-3']);
  expect(ids(await support.get('/api/customers?q=C-2'))).toEqual(['C-2']);
  expect(ids(await support.get('/api/customers?q=100%25'))).toEqual([]);
  const first = await support.get('/api/customers?q=мар&limit=2');
  expect(ids(first)).toEqual(['C-1', 'C-2']);
  expect(ids(await support.get(`/api/customers?q=мар&limit=2&cursor=${first.body.nextCursor}`))).toEqual(['C-3']);
});

it('the card shows contacts, subscriptions, orders with items and the bonus balance with its expiry', async () => {
  const res = await support.get('/api/customers/C-1');
  expect(res.status).toBe(200);
  expect(res.body.customer).toMatchObject({ phone: '+79031112233', subscriptions: { sms: true, email: true, telegram: false, push: false } });
  expect(res.body.stats).toMatchObject({ orderCount: 2, totalSpent: 750 });
  expect(res.body.orders.map((o: { id: string }) => o.id)).toEqual(['o2', 'o1']);
  expect(res.body.orders[1].items).toEqual([
    { sku: 'croissant', name: 'Круассан', category: 'Выпечка', qty: 2, price: 150 },
    { sku: 'latte', name: 'Латте', category: 'Кофе', qty: 1, price: 150 },
  ]);
  expect(res.body.bonus).toMatchObject({ balance: 180, expiring: [{ remaining: 180 }] });
  expect((await support.get('/api/customers/nobody')).status).toBe(404);
  const marketer = await api.loginAs('marketer');
  expect((await marketer.get('/api/customers/C-1')).status).toBe(403);
});

it('resends a failed message once as a new outbox entry, and refuses what did not fail or lost consent', async () => {
  // A customer of its own: the unsubscribe below must not change what the other tests read.
  await upsertCustomers(api.sql, [
    { id: 'R-1', name: 'Пётр Лебедев', phone: '+7 916 555-44-33', registeredAt: '2024-04-10T12:00:00+03:00', subscriptions: { sms: true, email: false, telegram: false, push: false } },
  ]);
  const [failed, other] = await api.sql<{ id: number }[]>`
    INSERT INTO messages (idempotency_key, customer_id, channel, recipient, text, status, provider, error)
    VALUES ('run-x:hello', 'R-1', 'sms', '+79165554433', 'Пётр, мы скучаем!', 'failed', 'sms-http', 'gateway: 500'),
           ('run-y:hello', 'R-1', 'sms', '+79165554433', 'Пётр, подарок ждёт!', 'failed', 'sms-http', 'gateway: 500')
    RETURNING id`;
  const first = await support.post(`/api/messages/${failed.id}/resend`, {});
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({ originalId: failed.id, status: 'sandbox' });
  const second = await support.post(`/api/messages/${failed.id}/resend`, {});
  expect(second.status).toBe(409);
  expect(second.body.error).toMatchObject({ code: 'already_resent', resend: { messageId: first.body.messageId, status: 'sandbox' } });
  const rows = await api.sql<{ idempotency_key: string; status: string; text: string }[]>`SELECT idempotency_key, status, text FROM messages WHERE customer_id = 'R-1' AND idempotency_key LIKE 'run-x:%' ORDER BY id`;
  expect(rows).toEqual([
    { idempotency_key: 'run-x:hello', status: 'failed', text: 'Пётр, мы скучаем!' },
    { idempotency_key: 'run-x:hello:resend', status: 'sandbox', text: 'Пётр, мы скучаем!' },
  ]);
  expect((await support.post(`/api/messages/${first.body.messageId}/resend`, {})).body.error.code).toBe('not_failed');
  const audit = await api.sql<{ user_id: number; details: { newMessageId: number } }[]>`SELECT user_id, details FROM audit_log WHERE action = 'message.resend' ORDER BY id`;
  expect(audit.map((a) => [a.user_id, a.details.newMessageId])).toEqual([[support.user.id, first.body.messageId]]);

  expect((await support.post('/api/customers/R-1/unsubscribe', { channel: 'sms' })).body.changed).toBe(true);
  expect((await support.post('/api/customers/R-1/unsubscribe', { channel: 'sms' })).body.changed).toBe(false);
  const refused = await support.post(`/api/messages/${other.id}/resend`, {});
  expect(refused.status).toBe(409);
  expect(refused.body.error.code).toBe('unsubscribed');
});

it('staff tasks are a queue: take, comment, close with an outcome; one owner at a time; audited', async () => {
  const [task] = await api.sql<{ id: number }[]>`INSERT INTO staff_tasks (customer_id, text, role) VALUES ('C-2', 'Позвонить: давно не заходила', 'support') RETURNING id`;
  const queue = await support.get('/api/tasks?role=support');
  expect(queue.body.items).toMatchObject([{ id: task.id, status: 'open', customer: { id: 'C-2', name: 'Марина Смирнова', phone: '+79031112299' } }]);

  expect((await support.post(`/api/tasks/${task.id}/take`, {})).body.task).toMatchObject({ status: 'taken', assignee: { id: support.user.id } });
  const stolen = await colleague.post(`/api/tasks/${task.id}/take`, {});
  expect(stolen.status).toBe(409);
  expect(stolen.body.error.code).toBe('task_taken');
  expect((await colleague.post(`/api/tasks/${task.id}/close`, { outcome: 'не моё' })).status).toBe(409);

  const commented = await colleague.post(`/api/tasks/${task.id}/comment`, { text: 'Она просила звонить после 18:00' });
  expect(commented.body.task.comments).toMatchObject([{ text: 'Она просила звонить после 18:00', author: colleague.user.name }]);
  expect((await support.post(`/api/tasks/${task.id}/comment`, { text: '   ' })).status).toBe(400);
  expect((await support.post(`/api/tasks/${task.id}/close`, {})).status).toBe(400);

  const closed = await support.post(`/api/tasks/${task.id}/close`, { outcome: 'Дозвонились, придёт в субботу' });
  expect(closed.body.task).toMatchObject({ status: 'closed', outcome: 'Дозвонились, придёт в субботу' });
  expect((await support.get('/api/tasks')).body.items).toEqual([]);
  expect((await support.get('/api/tasks?status=closed')).body.items.map((t: { id: number }) => t.id)).toEqual([task.id]);
  expect((await support.post(`/api/tasks/${task.id}/close`, { outcome: 'ещё раз' })).body.error.code).toBe('task_closed');

  const audit = await api.sql<{ action: string; user_id: number }[]>`SELECT action, user_id FROM audit_log WHERE entity = ${`task:${task.id}`} ORDER BY id`;
  expect(audit.map((a) => [a.action, a.user_id])).toEqual([['task.take', support.user.id], ['task.comment', colleague.user.id], ['task.close', support.user.id]]);

  const analyst = await api.loginAs('analyst');
  expect((await analyst.get('/api/tasks')).status).toBe(403);
});
