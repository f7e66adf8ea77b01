import { dateMoment, nextTimeOfDay, weekdaysText } from '../../shared/time/timeOfDay';
import { isValidTimeZone } from '../../shared/time/zoned';
import type { PlanNodeOf, RunContext, Step, StepResult } from '../context';
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
  const { timezone, birthDate } = await ctx.activities.customerTimezone({ customerId: ctx.run.customerId });
  const zone = timezone && isValidTimeZone(timezone) ? timezone : ctx.plan.settings.timezone;
  if (config.mode === 'date') return untilDate(node, ctx, since, zone, birthDate ?? null);
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

/**
 * Until a date: the customer's birthday (the next one whose moment is still ahead) or the day of the event the run
 * entered on, shifted by `offsetDays`, at the node's time on the customer's clock. A date that is unknown (no birth
 * date, a run that entered without an event) or already past is nothing to wait for: the run goes on at once and the
 * journal says why.
 */
async function untilDate(node: PlanNodeOf<'waitUntil'>, ctx: RunContext, since: Date, zone: string, birthDate: string | null): Promise<StepResult> {
  const config = node.config as Extract<PlanNodeOf<'waitUntil'>['config'], { mode: 'date' }>;
  const event = ctx.entry?.event ?? null;
  const source = config.from === 'birthday' ? (birthDate ? { birthday: birthDate } : null) : event ? { at: new Date(event.at) } : null;
  if (!source) {
    const why = config.from === 'birthday' ? 'у клиента не указана дата рождения' : 'клиент вошёл не по событию';
    return { outcome: 'skipped', port: 'out', reason: `${why}: ждать нечего` };
  }
  const wakeAt = dateMoment(source, config.offsetDays, config.time, since, zone);
  if (!wakeAt) return { outcome: 'skipped', port: 'out', reason: 'эта дата уже прошла: ждать нечего' };
  const data = { timezone: zone, wakeAt: wakeAt.toISOString() };
  const what = NODE_SUMMARY(config);
  await ctx.note({ nodeId: node.id, nodeType: 'waitUntil', outcome: 'waiting', port: null, reason: `ждём: ${what}, до ${dateTimeIn(wakeAt, zone)} (${zone})`, data, suffix: 'start' }, wakeAt);
  const how = await ctx.pauseUntil(wakeAt, node.id);
  if (how === 'stopped') return { outcome: 'interrupted', port: null };
  if (how === 'skipped') return { outcome: 'skipped', port: 'out', reason: 'ожидание прервано сотрудником' };
  return { outcome: 'waited', port: 'out', reason: `наступило ${dateTimeIn(wakeAt, zone)} (${zone})`, data };
}

/** «день рождения», «за 1 дн. до дня рождения в 10:00»: the journal's words for a date wait. */
function NODE_SUMMARY(c: { from: 'birthday' | 'event'; offsetDays: number; time: string }): string {
  const what = c.from === 'birthday' ? 'дня рождения' : 'дня события';
  if (c.offsetDays === 0) return `${c.from === 'birthday' ? 'день рождения' : 'день события'} ${c.time}`;
  return `${c.offsetDays < 0 ? 'за' : 'через'} ${Math.abs(c.offsetDays)} дн. ${c.offsetDays < 0 ? 'до' : 'после'} ${what} ${c.time}`;
}
