import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCondition } from '../../shared/conditions/check';
import { evaluateCondition } from '../../shared/conditions/evaluate';
import { attributeField, CONDITION_FIELDS, type CustomerFacts, type FieldSpec } from '../../shared/conditions/fields';
import type { Condition, Rule } from '../../shared/conditions/schema';
import { clearCustomers, fixtureCustomer, insertCustomers, type FixtureCustomer } from '../../test/support/conditionFixtures';
import { startTestDatabase, type TestDatabase } from '../../test/support/postgres';
import { loadCustomerFacts } from '../customers/facts';
import { ConditionSqlError, conditionSql } from './conditionSql';

const NOW = new Date('2026-06-01T09:00:00.000Z');
let db: TestDatabase;
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - Math.round(days * DAY));

async function sqlMatches(condition: Condition): Promise<string[]> {
  const rows = await db.sql<{ id: string }[]>`
    SELECT c.id FROM customers c JOIN customer_stats s ON s.customer_id = c.id
     WHERE ${conditionSql(db.sql, condition, NOW)} ORDER BY c.id`;
  return rows.map((r) => r.id);
}

async function jsMatches(ids: string[], condition: Condition): Promise<string[]> {
  const matched: string[] = [];
  for (const id of [...ids].sort()) {
    const facts = (await loadCustomerFacts(db.sql, id, NOW)) as CustomerFacts;
    if (evaluateCondition(condition, facts)) matched.push(id);
  }
  return matched;
}

// Values near the ones customers are generated with, so rules hit boundaries (exactly 180 days, 2 orders, …).
const NUMBER_POOL: Record<string, number[]> = {
  daysSinceLastOrder: [0, 1, 7, 14, 66, 90, 180, 365],
  orderCount: [0, 1, 2, 3, 4],
  totalSpent: [0, 900, 1000.5, 10000],
  avgCheck: [0, 450.25, 900],
  daysSinceRegistration: [0, 66, 180, 365],
  avgDaysBetweenOrders: [0, 7, 10, 65],
  overdueRatio: [0.5, 1, 1.5, 2],
  bonusBalance: [0, 50, 100, 180, 300],
};
const STRING_POOL = ['Москва', 'москва', 'Тверь', 'Кофе', 'кофе', 'Чай', ''];
// Tags that differ only by case or a space, and attribute values that differ only by type («5» and 5, 1 and true).
const TAG_POOL = ['звонили', 'Звонили', 'vip', 'не звонить', 'a'];
const ATTRIBUTE_KEYS = ['level', 'score', 'active', 'missing'];
const ATTRIBUTE_POOL: Array<string | number | boolean> = ['gold', 'Gold', '5', '', 5, 5.5, 0, -1, 1, 1e21, 0.1 + 0.2, true, false];
const attributeValue = fc.oneof(fc.constantFrom(...ATTRIBUTE_POOL), fc.double({ min: -10, max: 10, noNaN: true }).map((x) => Math.round(x * 100) / 100));

const numberValue = (field: string) =>
  fc.oneof(fc.constantFrom(...NUMBER_POOL[field]), fc.double({ min: -10, max: 500, noNaN: true }).map((x) => Math.round(x * 1000) / 1000));

function scalarFor(field: FieldSpec): fc.Arbitrary<string | number | boolean> {
  switch (field.kind) {
    case 'number':
      return numberValue(field.name);
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...(field.values ?? []).map((v) => v.value));
    case 'string':
      return fc.oneof(fc.constantFrom(...STRING_POOL), fc.string({ maxLength: 4 }).filter((s) => !s.includes('\u0000')));
    case 'tags':
      return fc.constantFrom(...TAG_POOL);
    case 'attribute':
      return attributeValue;
  }
}

const FIELDS: FieldSpec[] = [...CONDITION_FIELDS, ...ATTRIBUTE_KEYS.map(attributeField)];
const ORDERING = ['gt', 'gte', 'lt', 'lte'];

const ruleArb: fc.Arbitrary<Rule> = fc.constantFrom(...FIELDS).chain((field) =>
  fc.constantFrom(...field.ops).chain((op): fc.Arbitrary<Rule> => {
    // An attribute orders numbers only; validation refuses `level > "gold"`.
    const scalar = field.kind === 'attribute' && ORDERING.includes(op) ? numberValue('bonusBalance') : scalarFor(field);
    if (op === 'between') return fc.tuple(scalar, scalar).map(([a, b]) => ({ field: field.name, op, value: (a as number) <= (b as number) ? [a, b] : [b, a] }));
    if (op === 'in' || op === 'notIn') return fc.array(scalar, { minLength: 1, maxLength: 4 }).map((value) => ({ field: field.name, op, value }));
    return scalar.map((value) => ({ field: field.name, op, value }));
  }),
);

const conditionArb: fc.Arbitrary<Condition> = fc.letrec<{ node: Condition }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    ruleArb,
    fc.array(tie('node'), { maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie('node'), { maxLength: 3 }).map((any) => ({ any })),
    tie('node').map((not) => ({ not })),
  ),
})).node;

const daysAgoArb = fc.oneof(fc.constantFrom(0, 1, 7, 14, 66, 90, 180, 365), fc.double({ min: 0, max: 400, noNaN: true }));
const contactArb = fc.constantFrom(null, '', '   ', 'x@example.ru', '+79990001122');

const customerArb = (id: string): fc.Arbitrary<FixtureCustomer> =>
  fc.record({
    registered: daysAgoArb,
    cardType: fc.constantFrom('regular' as const, 'vip' as const),
    city: fc.constantFrom(null, 'Москва', 'москва', 'Тверь', ''),
    contacts: fc.tuple(contactArb, contactArb, contactArb, contactArb),
    sub: fc.record({ sms: fc.boolean(), email: fc.boolean(), telegram: fc.boolean(), push: fc.boolean() }),
    orders: fc.array(
      fc.record({ daysAgo: daysAgoArb, amount: fc.integer({ min: 0, max: 2_000_000 }).map((k) => k / 100), category: fc.constantFrom(null, 'Кофе', 'кофе', 'Чай') }),
      { maxLength: 4 },
    ),
    grants: fc.array(
      fc.record({
        daysAgo: fc.integer({ min: -2, max: 30 }),
        points: fc.integer({ min: 1, max: 500 }),
        expiresIn: fc.option(fc.integer({ min: -5, max: 30 })),
        redeemed: fc.array(fc.record({ daysAgo: fc.integer({ min: -1, max: 30 }), share: fc.double({ min: 0, max: 0.5, noNaN: true }) }), { maxLength: 2 }),
      }),
      { maxLength: 3 },
    ),
    tags: fc.uniqueArray(fc.constantFrom(...TAG_POOL), { maxLength: 3 }),
    attributes: fc.dictionary(fc.constantFrom(...ATTRIBUTE_KEYS.slice(0, 3)), attributeValue, { maxKeys: 3 }),
  }).map((r) =>
    fixtureCustomer(id, {
      registeredAt: ago(r.registered),
      cardType: r.cardType,
      city: r.city,
      phone: r.contacts[0],
      email: r.contacts[1],
      telegramChatId: r.contacts[2],
      pushToken: r.contacts[3],
      sub: r.sub,
      orders: r.orders.map((o) => ({ at: ago(o.daysAgo), amount: o.amount, category: o.category })),
      grants: r.grants.map((g) => ({
        at: ago(g.daysAgo),
        points: g.points,
        expiresAt: g.expiresIn === null ? null : new Date(NOW.getTime() + g.expiresIn * DAY),
        redeemed: g.redeemed.map((x) => ({ at: ago(x.daysAgo), points: Math.floor(g.points * x.share) })),
      })),
      tags: r.tags,
      attributes: r.attributes,
    }),
  );

const populationArb = fc.array(fc.nat(), { minLength: 6, maxLength: 6 }).chain((seeds) => fc.tuple(...seeds.map((_, i) => customerArb(`c${i}`))));

// Real PostgreSQL for deployments, PGlite for the embedded default: the audience must mean the same on both.
describe('conditionSql and evaluateCondition', () => {
  beforeAll(async () => {
    db = await startTestDatabase();
  }, 120_000);
  afterAll(() => db?.stop());

  it('select exactly the same customers for random conditions and random customers', async () => {
    await fc.assert(
      fc.asyncProperty(populationArb, fc.array(conditionArb, { minLength: 8, maxLength: 8 }), async (customers, conditions) => {
        await clearCustomers(db.sql);
        await insertCustomers(db.sql, customers);
        const ids = customers.map((c) => c.id);
        for (const condition of conditions) {
          expect(checkCondition(condition)).toEqual([]);
          expect(await sqlMatches(condition), JSON.stringify(condition)).toEqual(await jsMatches(ids, condition));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('counts days as (now − then) / 24 h: exactly 180 days is ≥ 180, a millisecond less is not', async () => {
    await clearCustomers(db.sql);
    await insertCustomers(db.sql, [
      fixtureCustomer('exact', { orders: [{ at: ago(180), amount: 900, category: null }] }),
      fixtureCustomer('almost', { orders: [{ at: new Date(ago(180).getTime() + 1), amount: 900, category: null }] }),
      fixtureCustomer('never'),
    ]);
    const rule: Condition = { field: 'daysSinceLastOrder', op: 'gte', value: 180 };
    expect(await sqlMatches(rule)).toEqual(['exact']);
    expect(await jsMatches(['exact', 'almost', 'never'], rule)).toEqual(['exact']);
  });

  it('treats a rule on an unknown fact as false, so its negation is true, in SQL as in JS', async () => {
    await clearCustomers(db.sql);
    await insertCustomers(db.sql, [fixtureCustomer('nocity'), fixtureCustomer('moscow', { city: 'Москва' })]);
    const notMoscow: Condition = { not: { field: 'city', op: 'eq', value: 'Москва' } };
    const neMoscow: Condition = { field: 'city', op: 'ne', value: 'Москва' };
    expect(await sqlMatches(notMoscow)).toEqual(['nocity']);
    expect(await jsMatches(['nocity', 'moscow'], notMoscow)).toEqual(['nocity']);
    expect(await sqlMatches(neMoscow)).toEqual([]);
    expect(await jsMatches(['nocity', 'moscow'], neMoscow)).toEqual([]);
  });

  it('compares text case-sensitively', async () => {
    await clearCustomers(db.sql);
    await insertCustomers(db.sql, [fixtureCustomer('upper', { city: 'Москва' }), fixtureCustomer('lower', { city: 'москва' })]);
    const rule: Condition = { field: 'city', op: 'in', value: ['Москва', 'Тверь'] };
    expect(await sqlMatches(rule)).toEqual(['upper']);
    expect(await jsMatches(['upper', 'lower'], rule)).toEqual(['upper']);
  });

  it('refuses a condition validation would reject, naming the problem', () => {
    expect(() => conditionSql(db.sql, { field: 'daysSinceLastVisit', op: 'gte', value: 1 }, NOW)).toThrow(ConditionSqlError);
    expect(() => conditionSql(db.sql, { field: 'city', op: 'gt', value: 'А' }, NOW)).toThrow(/city|Город|greater/);
  });
});
