import { describe, expect, it } from 'vitest';
import { evaluateCondition } from '../../shared/conditions/evaluate';
import type { CustomerFacts } from '../../shared/conditions/fields';
import { cellCondition, dayBuckets, orderBuckets, parseEdges } from '../../shared/rfm/buckets';
import { segmentScenarioDraft } from '../../shared/rfm/scenarioDraft';
import { validateScenario } from '../../shared/scenario/validate';

const facts = (orderCount: number, daysSinceLastOrder: number): CustomerFacts => ({
  daysSinceLastOrder,
  orderCount,
  totalSpent: orderCount * 700,
  avgCheck: 700,
  daysSinceRegistration: 400,
  avgDaysBetweenOrders: null,
  overdueRatio: null,
  cardType: 'regular',
  city: null,
  bonusBalance: 0,
  favoriteCategory: null,
  subscribed: { sms: false, email: true, telegram: false, push: false },
});

describe('RFM buckets', () => {
  it('labels rows and columns as seed 000 does', () => {
    expect(orderBuckets([1, 2, 4, 9, 16]).map((b) => b.label)).toEqual(['1', '2–3', '4–8', '9–15', '16+']);
    expect(dayBuckets([24, 48, 72, 96]).map((b) => b.label)).toEqual(['< 24', '24–47', '48–71', '72–95', '> 95']);
    expect(dayBuckets([7, 8]).map((b) => b.label)).toEqual(['< 7', '7', '> 7']);
  });

  it('puts every customer into exactly one cell, an edge value into the upper bucket', () => {
    const rows = orderBuckets([1, 2, 4, 9, 16]);
    const cols = dayBuckets([24, 48, 72, 96]);
    for (const [orders, days, row, col] of [
      [1, 0, 0, 0],
      [3, 23.999, 1, 0],
      [4, 24, 2, 1],
      [15, 95.9, 3, 3],
      [16, 96, 4, 4],
      [400, 1000, 4, 4],
    ]) {
      const hits = rows.flatMap((r) => cols.filter((c) => evaluateCondition(cellCondition(r, c), facts(orders, days))).map((c) => [r.index, c.index]));
      expect(hits, `${orders} orders, ${days} days`).toEqual([[row, col]]);
    }
  });

  it('reads edges from text and explains what is wrong in Russian and English', () => {
    expect(parseEdges('orders', undefined).edges).toEqual([1, 2, 4, 9, 16]);
    expect(parseEdges('days', ' 10, 20 ,30').edges).toEqual([10, 20, 30]);
    const wrong = parseEdges('orders', '1,4,2');
    expect(wrong.edges).toBeNull();
    expect(wrong.problems[0].message.ru).toBe('Границы по числу заказов: границы должны строго возрастать, а 2 идёт после 4');
    expect(parseEdges('days', '0,10').problems[0].code).toBe('rfm.days_start');
    expect(parseEdges('days', '10,99999').problems[0].code).toBe('rfm.edge_too_large');
  });

  it('turns a cell into a publishable seed-003 draft whose audience is the cell plus a subscribed email', () => {
    const condition = cellCondition(orderBuckets([1, 2, 4])[1], dayBuckets([30, 90])[2]);
    expect(condition).toEqual({ all: [{ field: 'orderCount', op: 'between', value: [2, 3] }, { field: 'daysSinceLastOrder', op: 'gte', value: 90 }] });
    const draft = segmentScenarioDraft({ name: 'RFM: 2–3 заказа, > 89 дней', condition });
    const { problems } = validateScenario(draft);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    const audience = draft.nodes.find((n) => n.type === 'filter')!;
    expect(audience.config).toEqual({ condition: { all: [{ field: 'subscribed.email', op: 'eq', value: true }, condition] } });
    expect(draft.name).toBe('Возврат: RFM: 2–3 заказа, > 89 дней');
  });
});
