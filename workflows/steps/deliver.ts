import { ActivityFailure } from '@temporalio/workflow';
import type { MessageConfig } from '../../shared/scenario/nodes/message';
import { quietHoursDelayMs } from '../../shared/time/quietHours';
import type { Channel } from '../../shared/scenario/schema';
import { orderedInstead, type PlanNodeOf, type RunContext, type StepResult } from '../context';
import { channelWord, dateTimeIn, timeIn } from '../words';

/**
 * Sends one message of a `send` or `reminder` node: holds it through quiet hours (in the customer's time zone when
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
