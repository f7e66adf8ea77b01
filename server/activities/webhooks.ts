import { ApplicationFailure, Context } from '@temporalio/activity';
import { WEBHOOK_LIMITS } from '../../shared/webhooks/limits';
import { WEBHOOK_MAX_ATTEMPTS, WEBHOOK_REFUSED, type RuntimeActivities, type WebhookRequest } from '../../workflows/activities';
import type { Sql } from '../db/client';
import { deliverCall, SIMULATED_WEBHOOKS } from '../webhooks/call';
import { endpointForCall } from '../webhooks/endpoints';
import type { ActivityDeps } from './deps';
import { stepKey } from './runs';
import { checkBeforeEffect } from './stopOnPurchase';
import { renderForCustomer, templateContext } from './templateContext';

const refused = (message: string) => ApplicationFailure.create({ type: WEBHOOK_REFUSED, message, nonRetryable: true });

/**
 * `webhook`: checks stop on purchase, builds the body once (the standard envelope and the node's fields rendered for
 * the customer), records it under the step's key and hands it to server/webhooks/call.ts, which sends it and decides
 * what a retry may do. A simulation stops after the stop-on-purchase check: it calls no one.
 */
export function webhookActivities(deps: ActivityDeps): Pick<RuntimeActivities, 'callWebhook'> {
  const { sql, webhooks = SIMULATED_WEBHOOKS } = deps;
  return {
    async callWebhook(input) {
      const { run, nodeId, endpoint: name } = input;
      const key = stepKey(run, { nodeId });
      const recorded = await checkBeforeEffect(sql, run, 'webhook_calls', key);
      if (webhooks.kind === 'simulated') return { status: null, attempts: 0, simulated: true };

      const endpoint = await endpointForCall(sql, name);
      if (!endpoint) throw refused(`вебхука «${name}» нет в настройках (его удалили или переименовали)`);
      if (!endpoint.enabled) throw refused(`вебхук «${name}» выключен в настройках`);
      if (!recorded) {
        const body = await buildBody(sql, input, key);
        await sql`
          INSERT INTO webhook_calls (idempotency_key, run_id, scenario_id, node_id, customer_id, endpoint_id, endpoint_name, body)
          VALUES (${key}, ${run.runId}, ${run.scenarioId}, ${nodeId}, ${run.customerId}, ${endpoint.id}, ${endpoint.name}, ${body})
          ON CONFLICT (idempotency_key) DO NOTHING`;
      }
      const attempt = Context.current().info.attempt;
      const delivered = await deliverCall(sql, key, endpoint, webhooks, { attempt, lastAttempt: attempt >= WEBHOOK_MAX_ATTEMPTS });
      return { ...delivered, simulated: false };
    },
  };
}

/**
 * The JSON the endpoint receives. Built by the server, never by the marketer: the marketer only adds string values
 * under `data`, each rendered by the template engine within its budget and cut to a bounded length.
 */
async function buildBody(sql: Sql, input: WebhookRequest, key: string): Promise<string> {
  const { run } = input;
  const now = new Date(input.now);
  const found = await templateContext(sql, { customerId: run.customerId, scenarioId: run.scenarioId, runId: run.runId, bonus: input.bonus, now });
  if (!found) throw refused('клиент удалён из базы');
  const data: Record<string, string> = {};
  for (const field of input.fields.slice(0, WEBHOOK_LIMITS.fields)) {
    const rendered = await renderForCustomer(field.value, found.context, found.timezone ?? input.timezone);
    if (!rendered.ok) throw refused(`поле «${field.key}»: ${rendered.reason}`);
    data[field.key] = rendered.text.slice(0, WEBHOOK_LIMITS.renderedValueLength);
  }
  return JSON.stringify({
    id: key,
    type: 'scenario.webhook',
    occurredAt: now.toISOString(),
    customerId: run.customerId,
    scenario: { id: run.scenarioId, version: run.version, name: found.context.scenario?.name ?? null },
    runId: run.runId,
    nodeId: input.nodeId,
    data,
  });
}
