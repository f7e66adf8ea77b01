import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type SignedInClient, type TestApi } from '../support/api';

/**
 * The overlay places each scenario entry in the cell the customer was in when entering (orders before entry, days
 * since the last of them) and counts it as returned when an order follows within the window.
 */

let api: TestApi;
let marketer: SignedInClient;
const DAY = 86_400_000;
const entered = new Date(Date.now() - 60 * DAY);
const at = (daysFromEntry: number) => new Date(entered.getTime() + daysFromEntry * DAY);

beforeAll(async () => {
  api = await startTestApi();
  marketer = await api.loginAs('marketer');
  const { sql } = api;
  const [{ id: scenarioId }] = await sql<{ id: string }[]>`INSERT INTO scenarios (name, draft) VALUES ('Возврат', '{}') RETURNING id`;
  // [customer, days of earlier orders relative to entry, days of later orders]
  const people: Array<[string, number[], number[]]> = [
    ['one-back', [-100], [10]], // 1 order, > 95 days: came back on day 10
    ['one-silent', [-120], []], // 1 order, > 95 days: never came back
    ['one-late', [-99], [45]], // 1 order, > 95 days: came back after the 30-day window
    ['three-back', [-200, -150, -50], [3]], // 3 orders (2–3), 48–71 days: came back
    ['never', [], []], // no orders before entry: not in the matrix
  ];
  for (const [id, before, after] of people) {
    await sql`INSERT INTO customers (id, name, registered_at) VALUES (${id}, ${id}, ${at(-400)})`;
    let k = 0;
    for (const d of [...before, ...after]) {
      await sql`INSERT INTO orders (id, customer_id, amount, placed_at) VALUES (${`${id}-${k++}`}, ${id}, 500, ${at(d)})`;
    }
    await sql`INSERT INTO runs (id, workflow_id, scenario_id, version, customer_id, status, entered_at)
              VALUES (${`run-${id}`}, ${`run:${scenarioId}:${id}`}, ${scenarioId}, 1, ${id}, 'completed', ${entered})`;
  }
});

afterAll(async () => {
  await api?.stop();
});

describe('GET /api/rfm/reactivation', () => {
  it('counts entries per entry-time cell and returns within the window', async () => {
    const res = await marketer.get('/api/rfm/reactivation');
    expect(res.status).toBe(200);
    const cell = (row: number, col: number) => res.body.cells.find((c: { row: number; col: number }) => c.row === row && c.col === col);
    expect(cell(0, 4)).toEqual({ row: 0, col: 4, entered: 3, returned: 1, rate: 33.3 });
    expect(cell(1, 2)).toEqual({ row: 1, col: 2, entered: 1, returned: 1, rate: 100 });
    expect(res.body.cells.reduce((s: number, c: { entered: number }) => s + c.entered, 0)).toBe(4);
    expect(cell(0, 0).rate).toBeNull();

    const wide = await marketer.get('/api/rfm/reactivation?windowDays=60');
    expect(wide.body.cells.find((c: { row: number; col: number }) => c.row === 0 && c.col === 4)).toMatchObject({ entered: 3, returned: 2 });
  });
});
