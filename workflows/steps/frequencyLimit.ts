import type { Step } from '../context';
import { plural } from '../words';

/** Counts entries or messages in the period (this entry excluded); at `max` or more the run takes `limited`. */
export const frequencyLimit: Step<'frequencyLimit'> = async (node, ctx) => {
  const { count, scope, max, periodDays } = node.config;
  const seen = await ctx.activities.countForLimit({ run: ctx.run, count, scope, periodDays, now: ctx.now().toISOString() });
  const what = count === 'entries' ? plural(max, ['вход', 'входа', 'входов']) : plural(max, ['сообщение', 'сообщения', 'сообщений']);
  const where = scope === 'scenario' ? 'в этом сценарии' : 'во всех сценариях';
  const rule = `${max} ${what} за ${periodDays} ${plural(periodDays, ['день', 'дня', 'дней'])} ${where}`;
  if (seen < max) return { outcome: 'pass', port: 'pass', reason: `в пределах ограничения: ${rule} (было ${seen})`, data: { seen } };
  const reason = `ограничение: ${rule} (было ${seen})`;
  // A limit with nothing on its `limited` port stops the run as `limited`, not as an ordinary completion.
  return node.next.limited
    ? { outcome: 'limited', port: 'limited', reason, data: { seen } }
    : { outcome: 'limited', port: null, reason, data: { seen }, stop: { status: 'limited', reason } };
};
