import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type SignedInClient, type TestApi } from '../support/api';
import { startTestDatabase, type TestDatabase } from '../support/postgres';
import { reactivation } from '../scenarios/documents';

const rule = { field: 'orderCount', op: 'gte', value: 1 };

/** `{"all":[{"all":[ … rule … ]}]}` `depth` groups deep, as JSON text: JSON.stringify itself overflows the stack at 10,000. */
const nestedText = (depth: number) => '{"all":['.repeat(depth) + JSON.stringify(rule) + ']}'.repeat(depth);
const nested = (depth: number) => JSON.parse(nestedText(depth));

/** A scenario document as JSON text whose audience condition is `conditionText`. */
function scenarioText(name: string, conditionText: string): string {
  const doc = reactivation(name);
  (doc.nodes[1] as { config: unknown }).config = { condition: '__CONDITION__' };
  return JSON.stringify(doc).replace('"__CONDITION__"', conditionText);
}

let db: TestDatabase;
let api: TestApi;
let marketer: SignedInClient;
beforeAll(async () => {
  // The statement timeout is PostgreSQL's own timer, which libfaketime breaks: this server keeps the real clock.
  db = await startTestDatabase({ realClock: true });
  api = await startTestApi({ db });
  marketer = await api.loginAs('marketer');
});
afterAll(async () => {
  await api?.stop();
  await db?.stop();
});

const segmentCount = async () => (await api.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM segments`)[0].n;

describe('condition limits', () => {
  it('refuses a segment over a limit with 400 naming the limit, and saves one at the limits', async () => {
    const before = await segmentCount();
    const cases: Array<[unknown, string, string]> = [
      [nested(11), 'Условие сегмента: условие вложено слишком глубоко: больше 10 уровней групп', 'condition.all[0].all[0].all[0].all[0].all[0].all[0].all[0].all[0].all[0].all[0]'],
      [{ all: Array.from({ length: 101 }, () => rule) }, 'Условие сегмента: в условии больше 100 правил', 'condition.all[100]'],
      [{ any: [rule, { field: 'city', op: 'in', value: Array.from({ length: 1001 }, (_, i) => `Город ${i}`) }] }, 'Условие сегмента: в списке значений больше 1000 элементов', 'condition.any[1].value'],
      [{ not: { field: 'city', op: 'eq', value: 'я'.repeat(1001) } }, 'Условие сегмента: текст длиннее 1000 символов', 'condition.not.value'],
    ];
    for (const [condition, message, path] of cases) {
      const res = await marketer.post('/api/segments', { name: 'Слишком большой', condition });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_condition', message, issues: [{ path, code: 'condition.tooLarge' }] });
    }
    expect(await segmentCount()).toBe(before);

    const deepest = await marketer.post('/api/segments', { name: 'Десять уровней', condition: nested(10) });
    expect(deepest.status).toBe(201);
    const widest = await marketer.post('/api/segments', {
      name: 'Сто правил',
      condition: { all: Array.from({ length: 100 }, (_, i) => ({ field: 'city', op: 'in', value: Array.from({ length: 10 }, (_, k) => `${'я'.repeat(990)}${i}-${k}`) })) },
    });
    expect(widest.status).toBe(201);
    expect(widest.body.customers).toBe(0);
    for (const made of [deepest, widest]) expect((await marketer.delete(`/api/segments/${made.body.id}`)).status).toBe(204);
  });

  it('answers a condition nested 10,000 deep with 400 wherever it is posted, and keeps serving', async () => {
    const deep = nestedText(10_000);
    const headers = { 'Content-Type': 'application/json', 'Accept-Language': 'en' };

    const segment = await marketer.post('/api/segments', undefined, { headers, raw: `{"name":"Бездна","condition":${deep}}` });
    expect(segment.status).toBe(400);
    expect(segment.body.error.message).toBe('Segment condition: the condition is nested too deeply: more than 10 levels of groups');

    const created = await marketer.post('/api/scenarios', undefined, { headers, raw: scenarioText('Бездна', deep) });
    expect(created.status).toBe(400);
    expect(created.body.error.code).toBe('scenario_invalid');
    expect(created.body.error.problems).toContainEqual(
      expect.objectContaining({ code: 'node.config', nodeId: 'audience', message: { ru: 'Узел «Фильтр»: условие вложено слишком глубоко: больше 10 уровней групп', en: expect.any(String) } }),
    );

    // Saving over an existing draft: refused, the draft stays as it was.
    const draft = await marketer.post('/api/scenarios', reactivation('Нормальный черновик'));
    expect(draft.status).toBe(201);
    const saved = await marketer.put(`/api/scenarios/${draft.body.id}`, undefined, {
      headers,
      raw: `{"baseRevision":${draft.body.draftRevision},"document":${scenarioText('Нормальный черновик', deep)}}`,
    });
    expect(saved.status).toBe(400);
    expect(saved.body.error.issues).toContainEqual(expect.objectContaining({ path: expect.stringMatching(/^nodes\[1\]\.config\.condition\.all\[0\]/), code: 'node.config' }));
    expect((await marketer.get(`/api/scenarios/${draft.body.id}`)).body.draftRevision).toBe(draft.body.draftRevision);

    // Checking and sizing such a document answer too (what they answer is theirs to say), and nothing breaks.
    const validated = await marketer.post('/api/scenarios/validate', undefined, { headers, raw: scenarioText('Бездна', deep) });
    expect(validated.status).toBeLessThan(500);
    expect(validated.body.publishable).not.toBe(true);
    const audience = await marketer.post('/api/scenarios/audience', undefined, { headers, raw: `{"document":${scenarioText('Бездна', deep)}}` });
    expect(audience.status).toBeLessThan(500);
    expect(audience.body.size ?? null).toBeNull();

    expect((await marketer.get('/api/segments')).status).toBe(200);
  });
});

describe('statement timeout on interactive queries', () => {
  /** The same database; interactive queries may take 50 ms. */
  let hasty: TestApi;
  let hastyMarketer: SignedInClient;
  beforeAll(async () => {
    hasty = await startTestApi({ db: api.db, env: { QUERY_TIMEOUT_SECONDS: '0.05' } });
    hastyMarketer = await hasty.loginAs('marketer');
    await api.sql`
      INSERT INTO customers (id, name, email, registered_at, sub_email)
      SELECT 'load-' || g, 'Клиент ' || g, 'load' || g || '@example.ru', now() - interval '400 days', true
        FROM generate_series(1, 1000) g`;
    await api.sql`
      INSERT INTO customer_stats (customer_id, order_count, total_spent, avg_check, first_order_at, last_order_at, avg_days_between_orders)
      SELECT id, 3, 2700, 900, now() - interval '390 days', now() - interval '200 days', 95 FROM customers WHERE id LIKE 'load-%'`;
  }, 180_000);
  afterAll(async () => {
    await hasty?.stop();
    await api.sql`DELETE FROM customers WHERE id LIKE 'load-%'`;
  });

  it('stops a query that runs too long and says so with 503; other queries on the same pool keep no timeout', async () => {
    // Every query over customer_stats waits while another transaction holds it: a query that runs too long, made
    // certain rather than left to the speed of the machine. The wait counts toward the statement timeout.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = api.sql.begin(async (tx) => {
      await tx`LOCK TABLE customer_stats IN ACCESS EXCLUSIVE MODE`;
      locked();
      await released;
    });
    await isLocked;
    try {
      const segments = await hastyMarketer.get('/api/segments');
      expect(segments.status).toBe(503);
      expect(segments.body.error).toEqual({ code: 'query_timeout', message: 'Запрос выполнялся слишком долго и был остановлен. Сузьте условие или выберите период короче' });

      const estimate = await hastyMarketer.post('/api/scenarios/audience', { document: reactivation('Оценка аудитории') }, { headers: { 'Accept-Language': 'en' } });
      expect(estimate.status).toBe(503);
      expect(estimate.body.error.message).toBe('The query took too long and was stopped. Narrow the condition or choose a shorter period');
    } finally {
      release();
      await holder;
    }

    // The timeout belonged to those transactions only: the shared pool's connections run long statements as before.
    await Promise.all(Array.from({ length: 10 }, () => api.sql`SELECT pg_sleep(0.1)`));
    const counted = await marketer.get('/api/segments');
    expect(counted.status).toBe(200);
    expect(counted.body.segments.find((s: { builtinKey: string }) => s.builtinKey === 'sleeping').customers).toBeGreaterThanOrEqual(1000);
  });
});
