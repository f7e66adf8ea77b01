import { z } from '@hono/zod-openapi';
import { AudienceReport, AudienceRequest, AudienceSample } from '../../../shared/api/audience';
import { CHANNELS, type Channel, type ScenarioDocument } from '../../../shared/scenario/schema';
import { audienceMatchSql } from '../../activities/audienceQuery';
import { loadEntryRules, loadOtherScenarios } from '../../audience/entryRules';
import { audienceOverlap } from '../../audience/overlap';
import { audienceScopeOf } from '../../audience/scope';
import { audienceSize } from '../../audience/size';
import { loadPolicy } from '../../policy/store';
import type { Sql } from '../../db/client';
import { interactiveQuery } from '../../db/interactive';
import { estimateCost, renderSmsTexts } from '../../pricing/estimate';
import { loadPrices } from '../../pricing/prices';
import { getScenario } from '../../scenarios/store';
import { ScenarioError } from '../../scenarios/errors';
import { templateWork } from '../../templates/apiErrors';
import { templatePool } from '../../templates/pool';
import { badRequest, ErrorBody, notFound, preferredLanguage, unprocessable } from '../errors';
import { defineRoute, type App } from '../route';

const READ = { roles: ['marketer', 'analyst'] } as const;
const TAGS = ['Scenarios'];

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });

const IdParam = z.object({ id: z.uuid().meta({ param: { name: 'id', in: 'path' } }) });

const templateErrors = {
  400: json(ErrorBody, 'The document is nested too deeply to check'),
  422: json(ErrorBody, 'A message text needs more work than the template budget allows (issues name the nodes), or took too long'),
  503: json(ErrorBody, 'Busy processing other texts; try again in a few seconds'),
};

const forDocument = defineRoute({
  method: 'post',
  path: '/api/scenarios/audience',
  tags: TAGS,
  summary: 'Audience size now, reachable channels and the estimated cost of a run, for a document (saved or not)',
  access: READ,
  request: {
    body: {
      content: {
        'application/json': {
          schema: AudienceRequest,
        },
      },
    },
  },
  responses: { 200: json(AudienceReport, 'Audience and cost'), ...templateErrors },
});

const forDraft = defineRoute({
  method: 'get',
  path: '/api/scenarios/{id}/audience',
  tags: TAGS,
  summary: "Audience size now, reachable channels and the estimated cost of a run, for the scenario's saved draft",
  access: READ,
  request: { params: IdParam },
  responses: { 200: json(AudienceReport, 'Audience and cost'), 404: json(z.any(), 'No such scenario'), ...templateErrors },
});

const sample = defineRoute({
  method: 'get',
  path: '/api/scenarios/{id}/audience/sample',
  tags: TAGS,
  summary: 'Real customers to simulate: the audience of the draft, or everyone matching `q` (name, phone, email or id)',
  access: READ,
  request: {
    params: IdParam,
    query: z.object({
      q: z.string().trim().max(100).optional(),
      limit: z.coerce.number().int().min(1).max(50).default(10),
    }),
  },
  responses: { 200: json(AudienceSample, 'Customers with their orders'), 404: json(z.any(), 'No such scenario') },
});

interface CheckedDocument {
  document: ScenarioDocument | null;
  /** Its SMS texts rendered for the example customer (see `renderSmsTexts`). */
  smsTexts: ReadonlyMap<string, string>;
}

/**
 * The template work of a report, in the template pool and before any database work: validation, and the SMS texts
 * the cost is counted on. A text over the template budget cannot be estimated: 422 naming its node.
 */
async function checkDocument(input: unknown, lang: 'ru' | 'en'): Promise<CheckedDocument> {
  const pool = templatePool();
  const { document, problems } = await templateWork(pool.validate(input));
  const heavy = problems.filter((p) => p.code === 'template.budget');
  if (heavy.length) {
    throw unprocessable(
      'template_budget',
      { ru: `Аудиторию и стоимость не посчитать: ${heavy.map((p) => p.message.ru).join('; ')}`, en: `No audience or cost yet: ${heavy.map((p) => p.message.en).join('; ')}` },
      heavy.map((p) => ({ path: p.path ?? '', code: p.code, message: p.message[lang] })),
    );
  }
  return { document, smsTexts: document ? await templateWork(renderSmsTexts(document, pool)) : new Map() };
}

/** The report for a document, whatever state the rest of the draft is in. */
async function audienceReport(sql: Sql, { document, smsTexts }: CheckedDocument, scenarioId: string | null, lang: 'ru' | 'en') {
  const computedAt = new Date();
  const empty = { computedAt: computedAt.toISOString(), filterNodeId: null, frequencyLimitNodeId: null, size: null, overlap: null, policy: null, reachable: null, firstMessage: null, cost: null };
  if (!document) {
    return { ...empty, available: false, reason: lang === 'ru' ? 'Это не документ сценария scenario/v1' : 'Not a scenario/v1 document' };
  }
  const found = audienceScopeOf(document, scenarioId);
  if (!found.ok) return { ...empty, available: false, reason: found.reason[lang] };
  const { scope } = found;
  // The entry rules enrolment would apply now (control group, exclusivity group), and the other active scenarios
  // (at most OVERLAP_LIMIT) whose audiences this one is compared with. All in the caller's interactive transaction.
  const policy = await loadPolicy(sql);
  const [rules, others, prices] = await Promise.all([
    loadEntryRules(sql, scenarioId, scope.spec.settings, policy),
    loadOtherScenarios(sql, scenarioId, scope.spec.settings),
    loadPrices(sql),
  ]);
  const size = await audienceSize(sql, scope.spec, computedAt, rules);
  const overlap = await audienceOverlap(sql, scope.spec, computedAt, rules, others.others, policy);
  const names = new Map(others.others.map((o) => [o.scenarioId, o.name]));
  const unnamed = size.exclusiveBy.map((e) => e.scenarioId).filter((id) => !names.has(id));
  if (unnamed.length > 0) {
    for (const row of await sql<{ id: string; name: string }[]>`SELECT id, name FROM scenarios WHERE id IN ${sql(unnamed)}`) names.set(row.id, row.name);
  }
  const cost = estimateCost(document, scope.entry, size.groups, prices, smsTexts);
  const reachable = { sms: 0, email: 0, telegram: 0, push: 0, none: 0 };
  for (const group of size.groups) {
    const on = CHANNELS.filter((c: Channel) => group.reachable[c]);
    for (const channel of on) reachable[channel] += group.customers;
    if (on.length === 0) reachable.none += group.customers;
  }
  const first = cost.messages[0];
  return {
    ...empty,
    available: true,
    filterNodeId: scope.filterNodeId,
    frequencyLimitNodeId: scope.frequencyLimitNodeId,
    size: {
      matching: size.matching,
      limited: size.limited,
      inRun: size.inRun,
      control: size.control,
      exclusive: size.exclusive,
      exclusiveBy: size.exclusiveBy.map((e) => ({ ...e, name: names.get(e.scenarioId) ?? e.scenarioId })),
      entering: size.entering,
    },
    overlap: {
      base: overlap.base,
      scenarios: others.others.map((o, i) => ({
        scenarioId: o.scenarioId,
        name: o.name,
        priority: o.priority,
        group: o.group,
        sameGroup: o.group !== null && o.group === (scope.spec.settings.exclusivityGroup ?? null),
        wins: o.wins,
        customers: overlap.customers[i],
      })),
      omitted: others.omitted,
    },
    policy: {
      version: policy.version,
      controlSharePct: policy.controlGroup.sharePct,
      maxDelayDays: policy.maxDelayDays,
      caps: policy.caps.map((cap, i) => ({ ...cap, customers: overlap.atCap[i] })),
      atAnyCap: overlap.atAnyCap,
    },
    reachable,
    firstMessage: first ? { nodeId: first.nodeId, channels: first.channelsForAll } : null,
    cost,
  };
}

async function draftOf(sql: Sql, id: string): Promise<ScenarioDocument> {
  try {
    return (await getScenario(sql, id)).document;
  } catch (error) {
    if (error instanceof ScenarioError && error.kind === 'not_found') throw notFound({ ru: 'Сценарий не найден', en: 'Scenario not found' });
    throw error;
  }
}

interface SampleRow {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  telegram_chat_id: string | null;
  push_token: string | null;
  city: string | null;
  card_type: 'regular' | 'vip';
  registered_at: Date;
  timezone: string | null;
  birth_date: string | null;
  sub_sms: boolean;
  sub_email: boolean;
  sub_telegram: boolean;
  sub_push: boolean;
  tags: string[];
  attributes: Record<string, string | number | boolean>;
  order_count: number;
  total_spent: number;
  last_order_at: Date | null;
  matches: boolean;
}

export function register(app: App) {
  app.openapi(forDocument, async (c) => {
    const { document, scenarioId } = c.req.valid('json');
    const checked = await checkDocument(document, preferredLanguage(c));
    return c.json(await interactiveQuery(c.var.deps, (sql) => audienceReport(sql, checked, scenarioId ?? null, preferredLanguage(c))), 200);
  });

  app.openapi(forDraft, async (c) => {
    const { id } = c.req.valid('param');
    const checked = await checkDocument(await draftOf(c.var.deps.sql, id), preferredLanguage(c));
    return c.json(await interactiveQuery(c.var.deps, (sql) => audienceReport(sql, checked, id, preferredLanguage(c))), 200);
  });

  app.openapi(sample, async (c) => {
    const { sql } = c.var.deps;
    const { id } = c.req.valid('param');
    const { q, limit } = c.req.valid('query');
    const found = audienceScopeOf(await draftOf(sql, id), id);
    if (!found.ok && !q) {
      throw badRequest('audience_unavailable', { ru: `Аудиторию не посчитать: ${found.reason.ru}. Найдите клиента по имени или телефону`, en: `No audience yet: ${found.reason.en}. Search a customer by name or phone` });
    }
    const now = new Date();
    const matches = found.ok ? audienceMatchSql(sql, found.scope.spec, now) : sql`false`;
    const pattern = q ? `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` : null;
    // Phones are stored as +7…; a number typed as 8 900… or +7 900… is searched without its country code.
    const digits = q ? q.replace(/\D/g, '').replace(/^[78](?=9)/, '') : '';
    // Without a search: customers in the audience, the most recent buyers first (the ones a marketer recognises).
    const rows = await interactiveQuery(c.var.deps, (tx) => tx<SampleRow[]>`
      SELECT c.id, c.name, c.phone, c.email, c.telegram_chat_id, c.push_token, c.city, c.card_type, c.registered_at, c.timezone,
             to_char(c.birth_date, 'YYYY-MM-DD') AS birth_date, c.sub_sms, c.sub_email, c.sub_telegram, c.sub_push, c.tags, c.attributes,
             s.order_count, s.total_spent::float8 AS total_spent, s.last_order_at, (${matches}) AS matches
        FROM customers c JOIN customer_stats s ON s.customer_id = c.id
       WHERE ${
         pattern
           ? sql`(c.name ILIKE ${pattern} OR c.email ILIKE ${pattern} OR c.id ILIKE ${pattern}
                  ${digits.length >= 3 ? sql`OR regexp_replace(coalesce(c.phone, ''), '\\D', '', 'g') LIKE ${`%${digits}%`}` : sql``})`
           : matches
       }
       ORDER BY matches DESC, s.last_order_at DESC NULLS LAST, c.id
       LIMIT ${limit}`);
    const ids = rows.map((r) => r.id);
    const orders = ids.length
      ? await sql<{ id: string; customer_id: string; amount: number; placed_at: Date; bonus_spent: number; items: Array<{ sku: string; name: string; category: string | null; qty: number; price: number }> | null }[]>`
          SELECT o.id, o.customer_id, o.amount::float8 AS amount, o.placed_at, o.bonus_spent,
                 (SELECT json_agg(json_build_object('sku', i.sku, 'name', i.name, 'category', i.category, 'qty', i.qty::float8, 'price', i.price::float8) ORDER BY i.line_no)
                    FROM order_items i WHERE i.order_id = o.id) AS items
            FROM (SELECT *, row_number() OVER (PARTITION BY customer_id ORDER BY placed_at DESC) AS n FROM orders WHERE customer_id IN ${sql(ids)}) o
           WHERE o.n <= 100
           ORDER BY o.customer_id, o.placed_at`
      : [];
    return c.json(
      {
        customers: rows.map((r) => ({
          matches: r.matches,
          customer: {
            id: r.id,
            name: r.name,
            phone: r.phone,
            email: r.email,
            telegramChatId: r.telegram_chat_id,
            pushToken: r.push_token,
            city: r.city,
            cardType: r.card_type,
            registeredAt: r.registered_at.toISOString(),
            timezone: r.timezone,
            birthDate: r.birth_date,
            subscriptions: { sms: r.sub_sms, email: r.sub_email, telegram: r.sub_telegram, push: r.sub_push },
            tags: r.tags,
            attributes: r.attributes,
          },
          orders: orders
            .filter((o) => o.customer_id === r.id)
            .map((o) => ({
              id: o.id,
              customerId: o.customer_id,
              amount: o.amount,
              placedAt: o.placed_at.toISOString(),
              bonusSpent: o.bonus_spent,
              ...(o.items ? { items: o.items } : {}),
            })),
          stats: { orderCount: r.order_count, totalSpent: r.total_spent, lastOrderAt: r.last_order_at?.toISOString() ?? null },
        })),
      },
      200,
    );
  });
}
