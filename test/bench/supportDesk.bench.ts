// The support desk at scale on real PostgreSQL: 1,000,000 customers with a run each in one scenario (a million
// runs), 1,000,000 orders. Prints per-page times of the instances list (first page, deep pages, each filter),
// customer search by phone, name, email and id, and one customer card, next to a bare `count(*)` over runs as the floor.
import { compileScenario } from '../../shared/scenario/compile';
import { scenarioExamples } from '../../shared/scenario/examples';
import { storePublishedScenario } from '../../server/simulate/scenario';
import { customerCard } from '../../server/support/customerCard';
import { searchCustomers } from '../../server/support/customerSearch';
import { listRuns, type RunFilters } from '../../server/support/runs';
import { startTestDatabase } from '../support/postgres';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const now = new Date('2026-03-02T07:00:00Z');
const say = (line: string) => console.log(`[support] ${line}`);

async function timed<T>(what: () => Promise<T>, repeat = 5): Promise<{ ms: number; value: T }> {
  await what(); // warm the cache: a support employee's second click, not the first one after a restart
  let value!: T;
  const t = performance.now();
  for (let i = 0; i < repeat; i++) value = await what();
  return { ms: (performance.now() - t) / repeat, value };
}

const db = await startTestDatabase();
const { sql } = db;
try {
  let t = performance.now();
  await sql`
    INSERT INTO customers (id, name, phone, email, registered_at, sub_email, sub_sms)
    SELECT 'c' || lpad(i::text, 7, '0'),
           (ARRAY['Анна','Мария','Елена','Ольга','Наталья','Иван','Сергей','Андрей','Дмитрий','Павел'])[1 + i % 10] || ' ' ||
           (ARRAY['Иванова','Петрова','Смирнова','Кузнецова','Попова','Соколов','Лебедев','Козлов','Новиков','Морозов','Волков','Фомин'])[1 + (i / 10) % 12] || ' ' || i,
           '+79' || lpad(((i::bigint * 7919) % 1000000000)::text, 9, '0'),
           'c' || i || '@example.ru',
           ${now}::timestamptz - ((i::bigint * 7919) % 1095) * interval '1 day', i % 3 <> 0, i % 2 = 0
      FROM generate_series(1, ${CUSTOMERS}) AS i`;
  await sql`
    INSERT INTO customer_stats (customer_id, order_count, total_spent, avg_check, first_order_at, last_order_at)
    SELECT 'c' || lpad(i::text, 7, '0'), 1, 900, 900, ${now}::timestamptz - (i % 400) * interval '1 day', ${now}::timestamptz - (i % 400) * interval '1 day'
      FROM generate_series(1, ${CUSTOMERS}) AS i`;
  await sql`
    INSERT INTO orders (id, customer_id, amount, placed_at)
    SELECT 'o' || i, 'c' || lpad(i::text, 7, '0'), 900, ${now}::timestamptz - (i % 400) * interval '1 day'
      FROM generate_series(1, ${CUSTOMERS}) AS i`;
  const doc = scenarioExamples.find((e) => e.key === 'mindbox-reactivation')!.document;
  const plan = compileScenario(doc, { scenarioId: '33333333-3333-4333-8333-333333333333', version: 1 });
  await storePublishedScenario(sql, doc, plan, now);
  // Entered over the last 180 days; 5% still running (spread over the waits), the rest ended; half in an A/B variant.
  await sql`
    INSERT INTO runs (id, workflow_id, scenario_id, version, customer_id, variant, status, entered_at, current_node_id, next_wake_at)
    SELECT 'r' || i, 'run:' || i, ${plan.scenarioId}, 1, 'c' || lpad(i::text, 7, '0'),
           CASE WHEN i % 2 = 0 THEN (ARRAY['a','b','holdout'])[1 + i % 3] END,
           CASE WHEN i % 20 = 0 THEN 'running' ELSE (ARRAY['completed','converted','limited','exited'])[1 + i % 4] END,
           ${now}::timestamptz - ((i::bigint * 104729) % (180 * 24 * 60)) * interval '1 minute',
           CASE WHEN i % 20 = 0 THEN (ARRAY['w7','w12'])[1 + (i / 20) % 2] ELSE 'remind' END,
           CASE WHEN i % 20 = 0 THEN ${now}::timestamptz + (i % 7) * interval '1 day' END
      FROM generate_series(1, ${CUSTOMERS}) AS i`;
  await sql`ANALYZE`;
  say(`${CUSTOMERS.toLocaleString('en')} customers, runs and orders loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  t = performance.now();
  const [{ n }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM runs`;
  say(`floor: SELECT count(*) FROM runs → ${n.toLocaleString('en')} in ${(performance.now() - t).toFixed(0)} ms`);

  const scenarioId = plan.scenarioId;
  const page = (filters: Omit<RunFilters, 'scenarioId'>) => listRuns(sql, { scenarioId, ...filters });
  for (const [label, filters] of [
    ['no filter', {}],
    ['status=running', { status: 'running' }],
    ['status=converted', { status: 'converted' }],
    ['nodeId=w12', { nodeId: 'w12' }],
    ['variant=holdout', { variant: 'holdout' }],
    ['entered in one week', { enteredFrom: new Date('2025-12-01T00:00:00+03:00'), enteredTo: new Date('2025-12-08T00:00:00+03:00') }],
  ] as Array<[string, Omit<RunFilters, 'scenarioId'>]>) {
    const first = await timed(() => page(filters));
    // Walk 200 pages deep (10,000 runs in), then time the next page: keyset paging costs the same anywhere.
    let cursor = first.value.nextCursor;
    for (let i = 0; i < 200 && cursor; i++) cursor = (await page({ ...filters, cursor })).nextCursor;
    const deep = cursor ? await timed(() => page({ ...filters, cursor: cursor! })) : null;
    say(`runs list, ${label}: first page ${first.ms.toFixed(1)} ms${deep ? `, page 201 ${deep.ms.toFixed(1)} ms` : ''}`);
  }

  const target = `c${String(Math.floor(CUSTOMERS / 2)).padStart(7, '0')}`;
  const [{ phone, name }] = await sql<{ phone: string; name: string }[]>`SELECT phone, name FROM customers WHERE id = ${target}`;
  for (const [label, q] of [
    ['phone, typed with 8 and brackets', `8 (${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8, 10)}-${phone.slice(10)}`],
    ['phone prefix (7 digits)', `8${phone.slice(2, 8)}`],
    ['name, two words', 'Ольга Попова'],
    ['full name', name],
    ['email prefix', `c${Math.floor(CUSTOMERS / 2)}@`],
    ['id', target],
  ]) {
    const r = await timed(() => searchCustomers(sql, q, null));
    say(`customer search, ${label}: ${r.value.items.length} on the first page in ${r.ms.toFixed(1)} ms`);
  }
  const card = await timed(() => customerCard(sql, target, now));
  say(`customer card: ${card.ms.toFixed(1)} ms (${card.value!.orders.length} orders, ${card.value!.runs.length} runs)`);
} finally {
  await db.stop();
}
