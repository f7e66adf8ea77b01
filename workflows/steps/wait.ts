import type { Step } from '../context';
import { dateTimeIn, plural } from '../words';

const HOUR = 3_600_000;

/** A durable timer from the moment the run reaches the node. */
export const wait: Step<'wait'> = async (node, ctx) => {
  const { days, hours = 0 } = node.config;
  // A run that moved here from another wait has waited already: the new duration counts from that wait's start.
  const since = ctx.state.resumedWaitSince ? new Date(ctx.state.resumedWaitSince) : ctx.now();
  ctx.state.resumedWaitSince = null;
  ctx.state.waitStartedAt = since.toISOString();
  const wakeAt = new Date(since.getTime() + (days * 24 + hours) * HOUR);
  const span = [days ? `${days} ${plural(days, ['день', 'дня', 'дней'])}` : '', hours ? `${hours} ч` : ''].filter(Boolean).join(' ') || '0 дней';
  const tz = ctx.plan.settings.timezone;
  await ctx.note({ nodeId: node.id, nodeType: 'wait', outcome: 'waiting', port: null, reason: `ждём ${span}, до ${dateTimeIn(wakeAt, tz)} (${tz})`, suffix: 'start' }, wakeAt);
  const how = await ctx.pauseUntil(wakeAt, node.id);
  if (how === 'stopped') return { outcome: 'interrupted', port: null };
  if (how === 'skipped') return { outcome: 'skipped', port: 'out', reason: 'ожидание прервано сотрудником' };
  return { outcome: 'waited', port: 'out', reason: `прошло ${span}` };
};
