import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScenario } from '../../shared/scenario/compile';
import { ScenarioDocumentSchema, type ScenarioDocumentInput } from '../../shared/scenario/schema';
import { periodBounds, type Cap } from '../../shared/policy/caps';
import type { AudienceReport } from '../../shared/api/audience';
import { inControlGroup } from '../../server/policy/control';
import { storePublishedScenario } from '../../server/simulate/scenario';
import { startTestApi, type SignedInClient, type TestApi } from '../support/api';

// The audience estimate says what the other scenarios and the communication policy will do to a scenario's
// customers: the global control group, the customers another scenario of the exclusivity group holds, the overlap
// with every other active scenario's audience, and how many already reached a cap (their messages would wait).

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const SEED = 'overlap-test-seed';
const CONTROL = { controlSeed: SEED, controlGroup: { sharePct: 20 } };
const CAPS: Cap[] = [
  { channel: 'all', period: 'week', max: 2 },
  { channel: 'sms', period: 'day', max: 1 },
];

const doc = (name: string, settings: Record<string, unknown>, condition: unknown): ScenarioDocumentInput => ({
  format: 'scenario/v1',
  name,
  settings: { timezone: 'Europe/Moscow', ...settings },
  nodes: [
    { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
    { id: 'audience', type: 'filter', config: { condition } },
    { id: 'hello', type: 'send', config: { channel: 'email', subject: 'Мы скучаем', text: 'Загляните к нам' } },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'audience' },
    { from: 'audience', port: 'yes', to: 'hello' },
  ],
});
const EVERYONE = { field: 'orderCount', op: 'gte', value: 1 };
const VIP = { field: 'cardType', op: 'eq', value: 'vip' };

const IDS = Array.from({ length: 30 }, (_, i) => `c${String(i).padStart(2, '0')}`);
const isVip = (id: string) => Number(id.slice(1)) % 3 === 0;
/** A third of them live in Vladivostok: their day and week start 7 hours before Moscow's. */
const zoneOf = (id: string) => (Number(id.slice(1)) % 3 === 1 ? 'Asia/Vladivostok' : null);

describe('audience estimate: overlap, exclusivity, control group and caps', () => {
  let api: TestApi;
  let marketer: SignedInClient;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    api = await startTestApi();
    marketer = await api.loginAs('marketer');
    const ingest = await api.withToken(['ingest']);
    const customers = await ingest.post(
      '/api/customers',
      IDS.map((id) => ({
        id,
        name: `Клиент ${id}`,
        registeredAt: ago(400),
        email: `${id}@example.test`,
        phone: `+7900000${id.slice(1).padStart(4, '0')}`,
        subscriptions: { email: true, sms: true },
        cardType: isVip(id) ? 'vip' : 'regular',
        timezone: zoneOf(id),
      })),
    );
    expect(customers.status).toBe(200);
    const orders = await ingest.post('/api/orders', IDS.map((id) => ({ id: `o-${id}`, customerId: id, amount: 900, placedAt: ago(200) })));
    expect(orders.status).toBe(200);

    // The policy in force, with a fixed seed so the control group is the same on every run of this test.
    await api.sql`
      INSERT INTO communication_policies (version, caps, max_delay_days, control_share_pct, control_seed, created_by_name)
      VALUES (1, ${api.sql.json(CAPS as never)}, 3, ${CONTROL.controlGroup.sharePct}, ${SEED}, 'test')`;

    // Other scenarios, published before the one being estimated (so they win ties; none here).
    const publish = async (key: string, input: ScenarioDocumentInput, status = 'active') => {
      const parsed = ScenarioDocumentSchema.parse(input);
      const plan = compileScenario(parsed, { scenarioId: crypto.randomUUID(), version: 1 });
      await storePublishedScenario(api.sql, parsed, plan, new Date(Date.now() - DAY));
      if (status !== 'active') await api.sql`UPDATE scenarios SET status = ${status} WHERE id = ${plan.scenarioId}`;
      ids[key] = plan.scenarioId;
    };
    await publish('sleeping', doc('Спящие клиенты', { exclusivityGroup: 'возврат', priority: 80 }, VIP));
    await publish('vipLoose', doc('VIP без группы', { priority: 90 }, VIP));
    await publish('weak', doc('Слабый', { exclusivityGroup: 'возврат', priority: 10 }, EVERYONE));
    await publish('paused', doc('На паузе', { exclusivityGroup: 'возврат', priority: 100 }, EVERYONE), 'paused');
    // c01 and c02 are in a live run of the weak scenario of the group: held there.
    for (const customerId of ['c01', 'c02']) {
      await api.sql`INSERT INTO runs (id, workflow_id, scenario_id, version, customer_id, status, entered_at)
                    VALUES (${`run-${customerId}`}, ${`wf-${customerId}`}, ${ids.weak}, 1, ${customerId}, 'running', ${ago(3)})`;
    }
  });
  afterAll(async () => {
    await api?.stop();
  });

  /** Messages the caps count (and one a service node sent, and one that failed: neither counts). */
  async function sent(customerId: string, channel: string, at: Date, extra: { service?: boolean; status?: string } = {}) {
    await api.sql`
      INSERT INTO messages (idempotency_key, customer_id, channel, recipient, text, status, provider, counted_at, service)
      VALUES (${`k-${customerId}-${channel}-${at.toISOString()}-${Math.random()}`}, ${customerId}, ${channel}, 'x', 'Привет',
              ${extra.status ?? 'sandbox'}, 'sandbox', ${at}, ${extra.service ?? false})`;
  }

  it('reports control, exclusive and overlap counts, and the customers at a cap in their own time zone', { timeout: 60_000 }, async () => {
    const now = new Date();
    const zone = (id: string) => zoneOf(id) ?? 'Europe/Moscow';
    // Two messages early in each Vladivostok customer's week (for a Moscow customer that may be last week),
    // an SMS in the middle of today for c04 and c05; a service message and a failed one that count for nothing.
    for (const id of IDS.filter((id) => zoneOf(id) !== null || id === 'c03')) {
      const week = periodBounds(now, 'week', 'Asia/Vladivostok');
      await sent(id, 'email', new Date(week.start.getTime() + 3_600_000));
      await sent(id, 'email', new Date(week.start.getTime() + 2 * 3_600_000));
    }
    for (const id of ['c04', 'c05']) {
      const day = periodBounds(now, 'day', zone(id));
      await sent(id, 'sms', new Date((day.start.getTime() + day.next.getTime()) / 2));
    }
    await sent('c06', 'email', now, { service: true });
    await sent('c06', 'email', now, { service: true });
    await sent('c06', 'sms', now, { status: 'failed' });

    const created = await marketer.post('/api/scenarios', doc('Уходящие', { exclusivityGroup: 'возврат' }, EVERYONE));
    expect(created.status).toBe(201);
    const res = await marketer.get(`/api/scenarios/${created.body.id}/audience`);
    expect(res.status).toBe(200);
    const report = res.body as AudienceReport;

    // What enrolment would do, customer by customer, with the same rules in TypeScript: the group first, then the
    // control group (a 'control' customer is one who would otherwise have entered).
    const heldBySleeping = IDS.filter(isVip);
    const heldByWeak = IDS.filter((id) => !isVip(id) && ['c01', 'c02'].includes(id));
    const control = IDS.filter((id) => inControlGroup(id, CONTROL) && !heldBySleeping.includes(id) && !heldByWeak.includes(id));
    expect(control.length).toBeGreaterThan(0);
    const entering = IDS.filter((id) => !heldBySleeping.includes(id) && !heldByWeak.includes(id) && !control.includes(id));
    expect(report.size).toMatchObject({
      matching: IDS.length,
      inRun: 0,
      limited: 0,
      control: control.length,
      exclusive: heldBySleeping.length + heldByWeak.length,
      entering: entering.length,
    });
    expect(report.size!.exclusiveBy).toEqual(
      [
        { scenarioId: ids.sleeping, name: 'Спящие клиенты', reason: 'priority', customers: heldBySleeping.length },
        ...(heldByWeak.length ? [{ scenarioId: ids.weak, name: 'Слабый', reason: 'running', customers: heldByWeak.length }] : []),
      ].sort((a, b) => b.customers - a.customers),
    );
    // The overlap is over the customers outside the control group.
    const rest = IDS.filter((id) => !inControlGroup(id, CONTROL));
    const bySleeping = rest.filter(isVip);
    // The cost is counted on the customers who do enter.
    expect(report.cost!.customers).toBe(entering.length);

    expect(report.overlap).toEqual({
      base: rest.length,
      omitted: 0,
      scenarios: [
        // Same group first, by priority; then the others.
        { scenarioId: ids.sleeping, name: 'Спящие клиенты', priority: 80, group: 'возврат', sameGroup: true, wins: true, customers: bySleeping.length },
        { scenarioId: ids.weak, name: 'Слабый', priority: 10, group: 'возврат', sameGroup: true, wins: false, customers: rest.length },
        { scenarioId: ids.vipLoose, name: 'VIP без группы', priority: 90, group: null, sameGroup: false, wins: false, customers: bySleeping.length },
      ],
    });

    // The caps, as shared/policy/caps.ts counts them, in each customer's zone.
    const inPeriod = (id: string, cap: Cap, at: Date) => {
      const { start, next } = periodBounds(now, cap.period, zone(id));
      return at >= start && at < next;
    };
    const messages = await api.sql<{ customer_id: string; channel: string; counted_at: Date }[]>`
      SELECT customer_id, channel, counted_at FROM messages WHERE NOT service AND status <> 'failed'`;
    const atCap = (id: string, cap: Cap) =>
      messages.filter((m) => m.customer_id === id && (cap.channel === 'all' || m.channel === cap.channel) && inPeriod(id, cap, m.counted_at)).length >= cap.max;
    const expectedCaps = CAPS.map((cap) => ({ ...cap, customers: entering.filter((id) => atCap(id, cap)).length }));
    expect(report.policy).toEqual({
      version: 1,
      controlSharePct: 20,
      maxDelayDays: 3,
      caps: expectedCaps,
      atAnyCap: entering.filter((id) => CAPS.some((cap) => atCap(id, cap))).length,
    });
    // Every entering Vladivostok customer reached the weekly cap (their week began before their two messages).
    expect(expectedCaps[0].customers).toBeGreaterThanOrEqual(entering.filter((id) => zoneOf(id) !== null).length);
    expect(expectedCaps[0].customers).toBeGreaterThan(0);
  });

  it('an unsaved draft without a group: nobody is held by the group; the control group still is', async () => {
    const res = await marketer.post('/api/scenarios/audience', { document: doc('Черновик', {}, EVERYONE) });
    expect(res.status).toBe(200);
    const report = res.body as AudienceReport;
    const control = IDS.filter((id) => inControlGroup(id, CONTROL));
    expect(report.size).toMatchObject({ control: control.length, exclusive: 0, exclusiveBy: [], entering: IDS.length - control.length });
    expect(report.overlap!.scenarios.map((s) => [s.name, s.wins])).toEqual([
      ['VIP без группы', false],
      ['Спящие клиенты', false],
      ['Слабый', false],
    ]);
  });
});
