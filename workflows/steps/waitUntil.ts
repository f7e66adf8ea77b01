import { nextTimeOfDay, weekdaysText } from '../../shared/time/timeOfDay';
import { isValidTimeZone } from '../../shared/time/zoned';
import type { Step } from '../context';
import { dateTimeIn } from '../words';

/**
 * A durable timer until the next moment the customer's clock (their zone, else the scenario's) shows the node's time
 * on an allowed weekday, strictly after the run arrives (shared/time/timeOfDay.ts). Like `wait`, a safe point: a
 * purchase stops the run here, support may cut it short, a move plan may move it. A run moved here waits for the next
 * such moment after the move.
 */
export const waitUntil: Step<'waitUntil'> = async (node, ctx) => {
  const config = node.config;
  ctx.state.resumedWaitSince = null;
  const since = ctx.now();
  ctx.state.waitStartedAt = since.toISOString();
  // Read through an activity, so the zone the run used is in its history and a replay takes the same moment.
  const { timezone } = await ctx.activities.customerTimezone({ customerId: ctx.run.customerId });
  const zone = timezone && isValidTimeZone(timezone) ? timezone : ctx.plan.settings.timezone;
  const wakeAt = nextTimeOfDay(since, config.time, config.weekdays, zone);
  const days = weekdaysText(config.weekdays, 'ru');
  const what = days ? `${config.time} (${days})` : config.time;
  const data = { timezone: zone, wakeAt: wakeAt.toISOString() };
  await ctx.note({ nodeId: node.id, nodeType: 'waitUntil', outcome: 'waiting', port: null, reason: `ждём ${what}, до ${dateTimeIn(wakeAt, zone)} (${zone})`, data, suffix: 'start' }, wakeAt);
  const how = await ctx.pauseUntil(wakeAt, node.id);
  if (how === 'stopped') return { outcome: 'interrupted', port: null };
  if (how === 'skipped') return { outcome: 'skipped', port: 'out', reason: 'ожидание прервано сотрудником' };
  return { outcome: 'waited', port: 'out', reason: `наступило ${dateTimeIn(wakeAt, zone)} (${zone})`, data };
};
