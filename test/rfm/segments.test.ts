import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_SEGMENTS } from '../../shared/rfm/segments';
import { generateDemoData } from '../../server/demo/generate';
import { startTestApi, type SignedInClient, type TestApi } from '../support/api';

let api: TestApi;
let marketer: SignedInClient;

beforeAll(async () => {
  api = await startTestApi();
  await generateDemoData(api.sql, { customers: 600, seed: 9, now: new Date() });
  marketer = await api.loginAs('marketer');
});

afterAll(async () => {
  await api?.stop();
});

describe('named segments', () => {
  it('ships the segments of DOMAIN.md, stored exactly as shared/rfm defines them', async () => {
    const { body } = await marketer.get('/api/segments');
    const builtins = body.segments.filter((s: { builtinKey: string | null }) => s.builtinKey);
    expect(builtins.map((s: { builtinKey: string; name: string }) => [s.builtinKey, s.name])).toEqual(
      BUILTIN_SEGMENTS.map((s) => [s.key, s.name.ru]),
    );
    for (const segment of BUILTIN_SEGMENTS) {
      const stored = builtins.find((s: { builtinKey: string }) => s.builtinKey === segment.key);
      expect(stored.condition, segment.key).toEqual(segment.condition);
      expect(stored.nameEn).toBe(segment.name.en);
    }
  });

  it('counts each segment live, equal to a direct count over the raw tables', async () => {
    const { body } = await marketer.get('/api/segments');
    const count = (key: string) => body.segments.find((s: { builtinKey: string }) => s.builtinKey === key).customers;
    const [raw] = await api.sql<Record<string, number>[]>`
      WITH per AS (
        SELECT c.id, c.card_type, count(o.id)::int AS n, avg(o.amount)::float8 AS check_avg,
               extract(epoch FROM (now() - max(o.placed_at)))::float8 / 86400 AS days
          FROM customers c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.id)
      SELECT count(*) FILTER (WHERE n = 1 AND days >= 30)::int AS "oneTime",
             count(*) FILTER (WHERE n >= 2 AND days >= 90)::int AS sleeping,
             count(*) FILTER (WHERE n >= 2 AND days >= 45 AND days < 90)::int AS leaving,
             count(*) FILTER (WHERE n BETWEEN 2 AND 8 AND days < 45)::int AS promising,
             count(*) FILTER (WHERE n >= 1 AND check_avg < 1000)::int AS budget,
             count(*) FILTER (WHERE card_type = 'vip')::int AS vip
        FROM per`;
    for (const key of ['oneTime', 'sleeping', 'leaving', 'promising', 'budget', 'vip']) {
      expect(count(key), key).toBe(raw[key]);
    }
    expect(raw.sleeping).toBeGreaterThan(0);
    expect(raw.vip).toBeGreaterThan(0);
  });

  it("lets a marketer save a filter, lists its customers, refuses a duplicate name or a bad condition, and deletes only their own", async () => {
    const condition = { all: [{ field: 'orderCount', op: 'gte', value: 5 }, { field: 'city', op: 'eq', value: 'Казань' }] };
    const created = await marketer.post('/api/segments', { name: 'Казань, 5+ заказов', condition });
    expect(created.status).toBe(201);
    expect(created.body.condition).toEqual(condition);
    const [{ n }] = await api.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM customers c JOIN customer_stats s ON s.customer_id = c.id WHERE s.order_count >= 5 AND c.city = 'Казань'`;
    expect(created.body.customers).toBe(n);
    expect(n).toBeGreaterThan(0);

    const page = await marketer.get(`/api/segments/${created.body.id}/customers?limit=500`);
    expect(page.body.customers).toHaveLength(n);
    expect(page.body.customers.every((c: { city: string; orderCount: number }) => c.city === 'Казань' && c.orderCount >= 5)).toBe(true);

    const duplicate = await marketer.post('/api/segments', { name: 'казань, 5+ ЗАКАЗОВ', condition });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('segment_name_taken');

    const bad = await marketer.post('/api/segments', { name: 'Кривой', condition: { all: [{ field: 'shoeSize', op: 'gte', value: 42 }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_condition');
    expect(bad.body.error.issues[0].path).toBe('condition.all[0].field');

    const sleeping = (await marketer.get('/api/segments')).body.segments.find((s: { builtinKey: string }) => s.builtinKey === 'sleeping');
    const refused = await marketer.delete(`/api/segments/${sleeping.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('segment_builtin');

    expect((await marketer.delete(`/api/segments/${created.body.id}`)).status).toBe(204);
    expect((await marketer.delete(`/api/segments/${created.body.id}`)).status).toBe(404);
    const audited = await api.sql`SELECT action FROM audit_log WHERE entity = ${`segment:${created.body.id}`} ORDER BY id`;
    expect(audited.map((r) => r.action)).toEqual(['segment.create', 'segment.delete']);
  });
});
