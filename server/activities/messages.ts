import { Context } from '@temporalio/activity';
import { channelInText } from '../../shared/i18n/channels';
import type { MessageContext } from '../../shared/templates/render';
import { SEND_HEARTBEAT_TIMEOUT_MS, SEND_LEASE_MS, SEND_MAX_ATTEMPTS, type MessageOutcome, type RuntimeActivities } from '../../workflows/activities';
import { recordAndSend } from '../channels';
import { customerContacts } from '../channels/contacts';
import { countSend } from '../infra/metrics';
import { admitMessage } from '../policy/admit';
import { inControlGroup } from '../policy/control';
import { loadPolicy } from '../policy/store';
import type { ActivityDeps } from './deps';
import { unreachableReason } from './reads';
import { bonusGone } from './bonus';
import { journalStep } from './runs';
import { checkBeforeEffect } from './stopOnPurchase';
import { renderForCustomer, templateContext, type RenderedText } from './templateContext';

/** The message text and subject for this customer, or why one of them cannot be rendered. */
async function renderMessage(
  text: string,
  subject: string | undefined,
  context: MessageContext,
  timezone: string,
): Promise<{ ok: true; text: string; subject: string | null } | Extract<RenderedText, { ok: false }>> {
  const body = await renderForCustomer(text, context, timezone);
  if (!body.ok) return body;
  if (!subject) return { ok: true, text: body.text, subject: null };
  const head = await renderForCustomer(subject, context, timezone);
  return head.ok ? { ok: true, text: body.text, subject: head.text } : head;
}

/**
 * `send` and `reminder`: picks the channel, renders the text in the customer's time zone, and hands it to the
 * outbox, which sends at most once per run + node. The journal line is written once the outbox has an outcome.
 */
export function messageActivities(deps: ActivityDeps): Pick<RuntimeActivities, 'sendMessage'> {
  const { sql, channels } = deps;
  return {
    sendMessage: (input) => heartbeating(() => send(input)),
  };

  async function send(input: Parameters<RuntimeActivities['sendMessage']>[0]): Promise<MessageOutcome> {
    const { run, nodeId, nodeType } = input;
    const now = new Date(input.now);
    const journal = (outcome: string, reason: string, data: Record<string, unknown>) =>
      journalStep(sql, run, { nodeId, nodeType, at: input.now, outcome, port: 'out', reason, data }, { currentNodeId: input.nextNodeId, nextWakeAt: null });

    const idempotencyKey = `${run.runId}:${nodeId}`;
    // At the moment of sending, whatever the run waited through (a wait, a quiet-hours hold): the customer has not
    // bought since entry, is still subscribed (below), and a reminded bonus is still there to spend.
    // A message already in the outbox (a retry) goes on as recorded.
    const recorded = await checkBeforeEffect(sql, run, 'messages', idempotencyKey);
    if (!recorded) {
      const gone = nodeType === 'reminder' && input.bonus ? await bonusGone(sql, input.bonus.grantId, now) : null;
      if (gone) {
        await journal('skipped', gone, { grantId: input.bonus!.grantId });
        countSend(deps.metrics, input.channels[0], 'skipped');
        return { sent: false, reason: gone };
      }
    }
    const contacts = await customerContacts(sql, run.customerId);
    const target = contacts && input.channels.map((channel) => ({ channel, contact: contacts[channel] })).find((c) => c.contact.subscribed && c.contact.recipient);
    if (!contacts || !target) {
      const reason = contacts ? unreachableReason(contacts, input.channels) : 'пропущено: клиент удалён из базы';
      await journal('skipped', reason, { channels: input.channels });
      countSend(deps.metrics, input.channels[0], 'skipped');
      return { sent: false, reason };
    }
    const found = await templateContext(sql, { customerId: run.customerId, scenarioId: run.scenarioId, runId: run.runId, bonus: input.bonus, now });
    const timezone = found?.timezone ?? input.timezone;
    const rendered = await renderMessage(input.text, input.subject, found!.context, timezone);
    if (!rendered.ok) {
      // This message alone fails, like a provider's refusal: the run goes on, and a retry would fail the same way.
      const reason = `не отправлено: ${rendered.reason}`;
      await journal('failed', reason, { channel: target.channel });
      countSend(deps.metrics, target.channel, 'not_rendered');
      return { sent: false, reason };
    }
    const { text, subject } = rendered;
    const message = {
      idempotencyKey,
      customerId: run.customerId,
      channel: target.channel,
      recipient: target.contact.recipient!,
      subject,
      text,
      runId: run.runId,
      scenarioId: run.scenarioId,
      nodeId,
      countedAt: now,
      service: input.service ?? false,
    };
    // The shop's communication policy, for a message not yet in the outbox (a retry was admitted before).
    if (!recorded && !input.service) {
      const policy = await loadPolicy(sql);
      if (inControlGroup(run.customerId, policy)) {
        const reason = `пропущено: клиент в глобальной контрольной группе (${policy.controlGroup.sharePct} % клиентов)`;
        await journal('skipped', reason, { channel: target.channel, policy: 'control' });
        countSend(deps.metrics, target.channel, 'skipped');
        return { sent: false, reason };
      }
      const deferredSince = input.deferredSince ? new Date(input.deferredSince) : undefined;
      const admission = await admitMessage(sql, channels, policy, { message, at: now, timeZone: timezone, quietHours: input.quietHours, deferredSince });
      if (!admission.admitted) {
        if (admission.until) {
          countSend(deps.metrics, target.channel, 'deferred');
          return { sent: false, reason: admission.reason, deferredUntil: admission.until.toISOString(), timezone };
        }
        await journal('skipped', admission.reason, { channel: target.channel, policy: 'cap', policyVersion: policy.version });
        countSend(deps.metrics, target.channel, 'skipped');
        return { sent: false, reason: admission.reason };
      }
    }

    const activity = Context.current();
    const attempt = activity.info.attempt;
    const result = await recordAndSend(
      sql,
      channels,
      message,
      // The claim is renewed with each heartbeat while the provider answers, however slowly.
      { lastAttempt: attempt >= SEND_MAX_ATTEMPTS, leaseMs: SEND_LEASE_MS, onRenew: () => activity.heartbeat(), metrics: deps.metrics },
    );
    if (deps.runClockForMessages && !result.duplicate) {
      await sql`UPDATE messages SET created_at = ${now}, sent_at = CASE WHEN sent_at IS NULL THEN NULL ELSE ${now}::timestamptz END WHERE id = ${result.messageId}`;
    }
    const fallback = target.channel !== input.channels[0] ? ` (вместо ${channelInText(input.channels[0])}: ${unreachableReason(contacts, [input.channels[0]]).replace('пропущено: ', '')})` : '';
    if (result.status === 'failed') {
      const reason = `не доставлено (${channelInText(target.channel)}): ${result.error ?? 'провайдер отказал'}`;
      await journal('failed', reason, { channel: target.channel, messageId: result.messageId });
      return { sent: false, reason };
    }
    const how = result.status === 'sandbox' ? 'в песочницу' : 'через провайдера';
    await journal('sent', `отправлено: ${channelInText(target.channel)} ${how}${fallback}`, { channel: target.channel, messageId: result.messageId });
    return { sent: true, channel: target.channel, messageId: result.messageId, text };
  }
}

/**
 * Runs `work` while heartbeating, from the start: checks, contacts and rendering may wait for a database connection
 * or a template thread on a busy worker, and a live worker that waits must not look dead (a retry would start
 * beside the first attempt). Silence still means what it should: the process is gone or its event loop is stuck.
 */
async function heartbeating<T>(work: () => Promise<T>): Promise<T> {
  const activity = Context.current();
  const beat = setInterval(() => activity.heartbeat(), SEND_HEARTBEAT_TIMEOUT_MS / 4);
  try {
    return await work();
  } finally {
    clearInterval(beat);
  }
}
