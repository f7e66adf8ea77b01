import type { Step } from '../context';
import { dateTimeIn, plural, rubles } from '../words';

const DAY = 86_400_000;

/** Were there orders since entry (or within the last `withinDays`), optionally of at least `minAmount`? */
export const checkOrders: Step<'checkOrders'> = async (node, ctx) => {
  const now = ctx.now();
  const since = node.config.withinDays ? new Date(now.getTime() - node.config.withinDays * DAY) : ctx.enteredAt;
  const minAmount = node.config.minAmount ?? null;
  const found = await ctx.activities.ordersBetween({
    customerId: ctx.run.customerId,
    since: since.toISOString(),
    until: now.toISOString(),
    minAmount,
  });
  const tz = ctx.plan.settings.timezone;
  const window = node.config.withinDays ? `за ${node.config.withinDays} ${plural(node.config.withinDays, ['день', 'дня', 'дней'])}` : `с ${dateTimeIn(since, tz)}`;
  const threshold = minAmount ? ` от ${rubles(minAmount)}` : '';
  if (found.count > 0) {
    return {
      outcome: 'yes',
      port: 'yes',
      reason: `${found.count} ${plural(found.count, ['заказ', 'заказа', 'заказов'])}${threshold} ${window} на ${rubles(found.total)}`,
      data: found,
    };
  }
  return { outcome: 'no', port: 'no', reason: `заказов${threshold} ${window} нет`, data: found };
};
