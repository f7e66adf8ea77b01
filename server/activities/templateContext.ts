import { ApplicationFailure } from '@temporalio/activity';
import { TemplateBudgetError, TemplateRenderError, TemplateSyntaxError, type MessageContext } from '../../shared/templates/render';
import type { GrantedBonus, TriggerEvent } from '../../workflows/activities';
// The balance expression the audience filter uses: templates and conditions see the same number.
import { factSql } from '../audience/conditionSql';
import type { Sql } from '../db/client';
import { templatePool, TemplateTimeoutError } from '../templates/pool';

/** What a message or task template sees about the customer at `now`, plus this run's bonus, event and scenario. */
export async function templateContext(
  sql: Sql,
  input: { customerId: string; scenarioId: string; runId?: string; bonus: GrantedBonus | null; now: Date },
): Promise<{ context: MessageContext; timezone: string | null } | null> {
  const [row] = await sql<
    {
      id: string;
      name: string | null;
      city: string | null;
      timezone: string | null;
      favorite_category: string | null;
      order_count: number | null;
      bonus_balance: number;
      scenario_name: string | null;
      trigger_event: TriggerEvent | null;
    }[]
  >`
    SELECT c.id, c.name, c.city, c.timezone, s.favorite_category, s.order_count,
           ${factSql(sql, 'bonusBalance', input.now)} AS bonus_balance,
           (SELECT name FROM scenarios WHERE id = ${input.scenarioId}) AS scenario_name,
           (SELECT trigger_event FROM runs WHERE id = ${input.runId ?? null}) AS trigger_event
      FROM customers c LEFT JOIN customer_stats s ON s.customer_id = c.id
     WHERE c.id = ${input.customerId}`;
  if (!row) return null;
  const context: MessageContext = {
    customer: {
      id: row.id,
      name: row.name,
      firstName: row.name?.trim().split(/\s+/)[0] || null,
      city: row.city,
      bonusBalance: Number(row.bonus_balance),
      favoriteCategory: row.favorite_category,
      orderCount: row.order_count ?? 0,
    },
    ...(input.bonus ? { bonus: { points: input.bonus.points, expiresAt: input.bonus.expiresAt } } : {}),
    ...(row.scenario_name ? { scenario: { name: row.scenario_name } } : {}),
    ...(row.trigger_event ? { event: { type: row.trigger_event.type ?? null, at: row.trigger_event.at, data: row.trigger_event.data } } : {}),
  };
  return { context, timezone: row.timezone };
}

/** A text rendered for one customer, or why it cannot be: for people, final (a retry would render it the same way). */
export type RenderedText = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Renders a message or task text for one customer in the template pool, so no text can stall the worker's event
 * loop (the API's too, when the worker runs in-process). A text that does not parse, needs more work than the
 * template budget allows or had to be stopped fails for good, with the reason; a busy pool throws and the activity
 * is retried later.
 */
export async function renderForCustomer(template: string, context: MessageContext, timezone: string): Promise<RenderedText> {
  try {
    return { ok: true, text: await templatePool().render(template, context, { timezone }) };
  } catch (error) {
    if (error instanceof TemplateSyntaxError) return { ok: false, reason: `шаблон не разобран: ${error.message}` };
    if (error instanceof TemplateBudgetError) return { ok: false, reason: `текст делает слишком много работы: ${error.text.ru}` };
    if (error instanceof TemplateTimeoutError) return { ok: false, reason: error.text.ru };
    if (error instanceof TemplateRenderError) return { ok: false, reason: `текст не получился: ${error.message}` };
    throw error;
  }
}

/** `renderForCustomer` for activities whose failure the workflow records: a text that cannot render fails for good. */
export async function renderOrFail(template: string, context: MessageContext, timezone: string): Promise<string> {
  const rendered = await renderForCustomer(template, context, timezone);
  if (!rendered.ok) throw ApplicationFailure.nonRetryable(rendered.reason, 'TemplateError');
  return rendered.text;
}
