import { ApplicationFailure } from '@temporalio/activity';
import { renderTemplate, TemplateSyntaxError, type MessageContext } from '../../shared/templates/render';
import type { GrantedBonus } from '../../workflows/activities';
// The balance expression the audience filter uses: templates and conditions see the same number.
import { factSql } from '../audience/conditionSql';
import type { Sql } from '../db/client';

/** What a message or task template sees about the customer at `now`, plus this run's bonus and scenario. */
export async function templateContext(
  sql: Sql,
  input: { customerId: string; scenarioId: string; bonus: GrantedBonus | null; now: Date },
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
    }[]
  >`
    SELECT c.id, c.name, c.city, c.timezone, s.favorite_category, s.order_count,
           ${factSql(sql, 'bonusBalance', input.now)} AS bonus_balance,
           (SELECT name FROM scenarios WHERE id = ${input.scenarioId}) AS scenario_name
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
  };
  return { context, timezone: row.timezone };
}

/** Renders a template; a template that does not parse will not parse on a retry either, so that failure is final. */
export function renderOrFail(template: string, context: MessageContext, timezone: string): string {
  try {
    return renderTemplate(template, context, { timezone });
  } catch (error) {
    if (error instanceof TemplateSyntaxError) {
      throw ApplicationFailure.nonRetryable(`шаблон не разобран: ${error.message}`, 'TemplateSyntaxError');
    }
    throw error;
  }
}
