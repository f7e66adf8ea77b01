import { ActivityFailure } from '@temporalio/workflow';
import type { MessageConfig } from '../../shared/scenario/nodes/message';
import { quietHoursDelayMs } from '../../shared/time/quietHours';
import { atHourMoment } from '../../shared/time/timeOfDay';
import { hourText, USUAL_HOUR_MIN_ORDERS } from '../../shared/time/usualHour';
import { isValidTimeZone } from '../../shared/time/zoned';
import type { Channel } from '../../shared/scenario/schema';
import { orderedInstead, type PlanNodeOf, type RunContext, type StepResult } from '../context';
import { scenarioHour } from '../../shared/scenario/plan';
import { channelWord, dateTimeIn, timeIn } from '../words';

/**
 * Sends one message of a `send` or `reminder` node: holds it until the customer's own hour when the node asks for
 * it (`atCustomerHour`; runs recorded before it existed never take that path), through quiet hours (in the customer's time zone when
 * known, else the scenario's), then renders and sends it on the first channel the customer can receive. When the
 * shop's communication caps defer it, the run waits (a durable timer, a safe point for moves and purchases) until
 * the moment the activity named and asks again; the activity skips it once no moment within the longest deferral
 * is left.
 */
export async function deliver(node: PlanNodeOf<'send'> | PlanNodeOf<'reminder'>, config: MessageConfig, ctx: RunContext): Promise<StepResult> {
  const channels = [...new Set<Channel>([config.channel, ...(config.fallbackChannels ?? [])])];
  const { quietHours, timezone } = ctx.plan.settings;
  let deferredSince: string | undefined;
  // Journal keys of the second and later holds and deferrals of this node carry their number.
  const numbered = (suffix: string, round: number) => (round === 0 ? suffix : `${suffix}-${round + 1}`);
  if (config.atCustomerHour) {
    const held = await holdForCustomerHour(node, channels, ctx);
    if (held === 'stopped') return { outcome: 'interrupted', port: null };
  }
  for (let round = 0; ; round++) {
    if (quietHours) {
      const target = await ctx.activities.messageTarget({ customerId: ctx.run.customerId, channels });
      if (target.channel) {
        const zone = target.timezone ?? timezone;
        const delay = quietHoursDelayMs(ctx.now(), quietHours, zone);
        if (delay > 0) {
          const until = new Date(ctx.now().getTime() + delay);
          const reason = `отложено до ${timeIn(until, zone)} (${zone}): тихие часы ${quietHours.start}–${quietHours.end}`;
          await ctx.note({ nodeId: node.id, nodeType: node.type, outcome: 'held', port: null, reason, suffix: numbered('held', round) }, until);
          if ((await ctx.pauseUntil(until, node.id)) === 'stopped') return { outcome: 'interrupted', port: null };
        }
      }
    }
    try {
      const result = await ctx.activities.sendMessage({
        run: ctx.run,
        nodeId: node.id,
        nodeType: node.type,
        channels,
        subject: config.subject,
        text: config.text,
        bonus: ctx.state.bonus,
        timezone,
        now: ctx.now().toISOString(),
        nextNodeId: node.next.out ?? null,
        ...(config.service ? { service: true } : {}),
        ...(quietHours ? { quietHours } : {}),
        ...(deferredSince ? { deferredSince } : {}),
      });
      if (!result.sent && result.deferredUntil) {
        deferredSince ??= ctx.now().toISOString();
        const until = new Date(result.deferredUntil);
        const zone = result.timezone ?? timezone;
        const reason = `отложено до ${dateTimeIn(until, zone)} (${zone}): ${result.reason}`;
        await ctx.note({ nodeId: node.id, nodeType: node.type, outcome: 'deferred', port: null, reason, suffix: numbered('deferred', round) }, until);
        if ((await ctx.pauseUntil(until, node.id)) === 'stopped') return { outcome: 'interrupted', port: null };
        continue;
      }
      return { outcome: result.sent ? 'sent' : 'skipped', port: 'out', recorded: true, reason: result.sent ? `отправлено: ${channelWord(result.channel)}` : result.reason };
    } catch (error) {
      const order = orderedInstead(error);
      if (order) return ctx.stopForOrder(order);
      // The provider kept failing through every retry: the customer got nothing, the chain goes on.
      if (error instanceof ActivityFailure) {
        const cause = error.cause?.message ?? error.message;
        return { outcome: 'failed', port: 'out', reason: `не отправлено: ошибка доставки (${cause})` };
      }
      throw error;
    }
  }
}

/**
 * «В обычный час клиента»: holds the message until the hour this customer usually orders at, on their clock (their
 * zone, else the scenario's), or until the scenario's hour (its daily trigger's time) when they have fewer than
 * USUAL_HOUR_MIN_ORDERS orders; past quiet hours should that moment fall inside them. Within that hour it goes at once.
 * A safe point like a quiet-hours hold; a customer no channel reaches is not held (the send skips them at once).
 */
async function holdForCustomerHour(node: PlanNodeOf<'send'> | PlanNodeOf<'reminder'>, channels: Channel[], ctx: RunContext): Promise<'go' | 'stopped'> {
  const { quietHours, timezone } = ctx.plan.settings;
  const target = await ctx.activities.messageTarget({ customerId: ctx.run.customerId, channels });
  if (!target.channel) return 'go';
  const zone = target.timezone && isValidTimeZone(target.timezone) ? target.timezone : timezone;
  const usual = await ctx.activities.usualOrderHour({ customerId: ctx.run.customerId, now: ctx.now().toISOString(), timezone: zone });
  const time = usual.hour !== null ? hourText(usual.hour) : scenarioHour(ctx.plan, ctx.enteredAt, zone);
  const moment = atHourMoment(ctx.now(), time, zone, quietHours);
  if (!moment) return 'go';
  const until = moment.at;
  const why =
    usual.hour !== null
      ? `ждём обычного часа покупок клиента ${time} (${zone})`
      : `ждём часа сценария ${time} (${zone}): у клиента меньше ${USUAL_HOUR_MIN_ORDERS} заказов`;
  const reason =
    moment.quiet && quietHours
      ? `${why}; с учётом тихих часов ${quietHours.start}–${quietHours.end} — до ${dateTimeIn(until, zone)}`
      : `${why}, до ${dateTimeIn(until, zone)}`;
  const data = { hour: usual.hour, orders: usual.orders, time, timezone: zone, until: until.toISOString() };
  await ctx.note({ nodeId: node.id, nodeType: node.type, outcome: 'held', port: null, reason, data, suffix: 'customer-hour' }, until);
  return (await ctx.pauseUntil(until, node.id)) === 'stopped' ? 'stopped' : 'go';
}
