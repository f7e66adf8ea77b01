import { z } from 'zod';
import { PolicyRequest } from '../../shared/api/policy';
import { SIMULATION_LIMITS, SIMULATION_LIMITS_OTHERS } from '../../shared/api/simulate';
import { validateScenario } from '../../shared/scenario/validate';
import type { ScenarioDocument } from '../../shared/scenario/schema';
import type { SimulatedEvent, SimulatedOrder } from '../../workflows/simulation';
import { ApiError, badRequest, type Issue } from '../api/errors';
import { validateBatch } from '../ingest/batch';
import { CustomerRecordSchema, EventRecordSchema, OrderRecordSchema, type CustomerRecord, type OrderRecord } from '../ingest/records';

/** The id an unsaved draft is simulated under (any fixed id would do: what matters is that it does not change). */
export const UNSAVED_SCENARIO_ID = '00000000-0000-4000-8000-000000000000';

export { SIMULATION_LIMITS };

export interface SimulationRequest {
  scenario: ScenarioDocument;
  /**
   * The saved scenario being simulated: its runs are keyed by this id as its real runs are, so A/B variants come
   * out as they will for real. Unsaved drafts use UNSAVED_SCENARIO_ID, so the same request gives the same answer.
   */
  scenarioId: string;
  start: Date;
  days: number;
  customers: CustomerRecord[];
  orders: OrderRecord[];
  events: SimulatedOrder[];
  /** Custom events (as POST /api/events takes them) during the simulation. */
  customEvents: SimulatedEvent[];
  /** Other scenarios simulated beside this one against the same customers. */
  others: Array<{ scenario: ScenarioDocument; scenarioId: string }>;
  /** Add the shop's published active scenarios to `others` (the route does, from the live database). */
  withPublished: boolean;
  /** A policy to try; null: the shop's policy in force. */
  policy: PolicyRequest | null;
}

/** The id of the i-th other unsaved document: fixed, like UNSAVED_SCENARIO_ID, so the same request gives the same answer. */
export const otherScenarioId = (i: number) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;

const Envelope = z.strictObject({
  scenario: z.unknown(),
  scenarioId: z.uuid().optional(),
  start: z.iso.datetime({ offset: true }),
  days: z.number().int().min(1).max(SIMULATION_LIMITS.days),
  customers: z.array(z.unknown()),
  orders: z.array(z.unknown()).default([]),
  events: z
    .array(z.discriminatedUnion('type', [z.strictObject({ type: z.literal('order'), order: z.unknown() }), z.strictObject({ type: z.literal('event'), event: z.unknown() })]))
    .default([]),
  others: z.array(z.strictObject({ scenario: z.unknown(), scenarioId: z.uuid().optional() })).max(SIMULATION_LIMITS_OTHERS).default([]),
  withPublished: z.boolean().default(false),
  policy: PolicyRequest.optional(),
});

const say = (ru: string, en: string) => ({ ru, en });

/**
 * Checks a `POST /api/simulate` body and reports every problem at once: the scenario's (with node ids), and each
 * customer, order and event by its index. Throws ApiError 413 when the request is over SIMULATION_LIMITS.
 */
export function parseSimulationRequest(body: unknown, lang: 'ru' | 'en'): SimulationRequest {
  const tooMany = (what: 'customers' | 'orders' | 'events', got: number) =>
    new ApiError(
      413,
      'simulation_too_large',
      say(
        `Слишком большая симуляция: ${what} — ${got}, допускается не больше ${SIMULATION_LIMITS[what]}`,
        `Simulation too large: ${got} ${what}, at most ${SIMULATION_LIMITS[what]} allowed`,
      ),
    );
  if (body && typeof body === 'object') {
    for (const what of ['customers', 'orders', 'events'] as const) {
      const list = (body as Record<string, unknown>)[what];
      if (Array.isArray(list) && list.length > SIMULATION_LIMITS[what]) throw tooMany(what, list.length);
    }
  }
  const envelope = Envelope.safeParse(body);
  if (!envelope.success) {
    const issues = envelope.error.issues.map((i) => ({ path: i.path.map(String).join('.'), code: i.code, message: i.message }));
    throw badRequest('invalid_simulation', say('Запрос симуляции заполнен неверно', 'The simulation request is invalid'), issues);
  }
  const input = envelope.data;
  const issues: Issue[] = [];

  const check = (scenario: unknown, at: string) => {
    const { document, problems } = validateScenario(scenario);
    for (const p of problems.filter((p) => p.severity === 'error')) {
      const path = [at, p.path ?? (p.nodeId ? `nodes.${p.nodeId}` : '')].filter(Boolean).join('.');
      issues.push({ path, code: p.code, message: p.message[lang] });
    }
    return document;
  };
  const document = check(input.scenario, 'scenario');
  const others = input.others.map((other, i) => ({ document: check(other.scenario, `others.${i}.scenario`), scenarioId: other.scenarioId ?? otherScenarioId(i) }));
  const ids = [input.scenarioId ?? UNSAVED_SCENARIO_ID, ...others.map((o) => o.scenarioId)];
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) issues.push({ path: `others.${i - 1}.scenarioId`, code: 'duplicate_scenario', message: lang === 'ru' ? 'этот сценарий уже есть в симуляции' : 'this scenario is in the simulation already' });
  });

  const customers = validateBatch(input.customers, CustomerRecordSchema);
  const orders = validateBatch(input.orders, OrderRecordSchema);
  // Orders and custom events share `events`; each batch is checked on its own and reported at its place in the list.
  const orderAt: number[] = [];
  const eventAt: number[] = [];
  input.events.forEach((e, i) => (e.type === 'order' ? orderAt : eventAt).push(i));
  const events = validateBatch(input.events.flatMap((e) => (e.type === 'order' ? [e.order] : [])), OrderRecordSchema);
  const custom = validateBatch(input.events.flatMap((e) => (e.type === 'event' ? [e.event] : [])), EventRecordSchema);
  for (const [name, batch, places, prefix] of [
    ['customers', customers, null, ''],
    ['orders', orders, null, ''],
    ['events', events, orderAt, 'order.'],
    ['events', custom, eventAt, 'event.'],
  ] as const) {
    for (const r of batch.rejected) {
      if (r.status !== 'rejected') continue;
      for (const i of r.issues) {
        issues.push({ path: `${name}.${places ? places[r.index] : r.index}.${prefix}${i.field}`, code: 'invalid_record', message: lang === 'ru' ? i.messageRu : i.message });
      }
    }
  }

  const known = new Set(customers.valid.map((c) => c.record.id));
  const start = new Date(input.start);
  const end = new Date(start.getTime() + input.days * 86_400_000);
  for (const { index, record } of orders.valid) {
    if (!known.has(record.customerId)) issues.push(unknownCustomer(`orders.${index}.customerId`, record.customerId, lang));
    if (new Date(record.placedAt) >= start) {
      issues.push({
        path: `orders.${index}.placedAt`,
        code: 'order_after_start',
        message: lang === 'ru' ? 'заказ после начала симуляции: передайте его в events' : 'placed after the simulation start: pass it as an event',
      });
    }
  }
  const orderIds = new Set(orders.valid.map((o) => o.record.id));
  const outside = (path: string): Issue => ({ path, code: 'event_outside_period', message: lang === 'ru' ? 'событие вне периода симуляции' : 'outside the simulated period' });
  for (const { index: i, record } of events.valid) {
    const index = orderAt[i];
    if (!known.has(record.customerId)) issues.push(unknownCustomer(`events.${index}.order.customerId`, record.customerId, lang));
    if (orderIds.has(record.id)) issues.push({ path: `events.${index}.order.id`, code: 'duplicate_order', message: lang === 'ru' ? 'такой заказ уже есть в orders' : 'the same id is already in orders' });
    if (new Date(record.placedAt) < start || new Date(record.placedAt) >= end) issues.push(outside(`events.${index}.order.placedAt`));
  }
  for (const { index: i, record } of custom.valid) {
    const index = eventAt[i];
    if (!known.has(record.customerId)) issues.push(unknownCustomer(`events.${index}.event.customerId`, record.customerId, lang));
    if (new Date(record.at) < start || new Date(record.at) >= end) issues.push(outside(`events.${index}.event.at`));
  }

  if (issues.length > 0 || !document || others.some((o) => !o.document)) {
    throw badRequest(
      'invalid_simulation',
      say(`Симуляцию нельзя запустить: ошибок ${issues.length}, см. issues`, `The simulation cannot run: ${issues.length} problem(s), see issues`),
      issues,
    );
  }
  return {
    scenario: document,
    scenarioId: input.scenarioId ?? UNSAVED_SCENARIO_ID,
    start,
    days: input.days,
    customers: customers.valid.map((c) => c.record),
    orders: orders.valid.map((o) => o.record),
    events: events.valid.map(({ record }) => ({
      id: record.id,
      customerId: record.customerId,
      amount: record.amount,
      placedAt: record.placedAt,
      bonusSpent: record.bonusSpent,
      items: record.items,
    })),
    customEvents: custom.valid.map(({ record }) => ({ id: record.id, customerId: record.customerId, type: record.type, at: record.at, ...(record.data && { data: record.data }) })),
    others: others.map((o) => ({ scenario: o.document!, scenarioId: o.scenarioId })),
    withPublished: input.withPublished,
    policy: input.policy ?? null,
  };
}

function unknownCustomer(path: string, id: string, lang: 'ru' | 'en'): Issue {
  return { path, code: 'unknown_customer', message: lang === 'ru' ? `клиента ${id} нет в customers` : `customer ${id} is not in customers` };
}
