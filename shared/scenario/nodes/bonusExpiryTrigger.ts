import { z } from 'zod';
import { plural } from '../../i18n/plural';
import { defineNode } from './define';
import { TimeOfDaySchema } from './time';

/**
 * Starts a run before a customer's granted points expire: `days` before the local day they expire on (checked daily at
 * `at` in the scenario's zone), or `hours` before the hour they expire in (checked every hour). Once per expiry.
 */
export const bonusExpiryTrigger = defineNode({
  type: 'bonusExpiryTrigger',
  config: z.discriminatedUnion('unit', [
    z.strictObject({ unit: z.literal('days'), before: z.number().int().min(0).max(60), at: TimeOfDaySchema, minPoints: z.number().int().min(1).max(10_000_000).optional() }),
    z.strictObject({ unit: z.literal('hours'), before: z.number().int().min(1).max(168), minPoints: z.number().int().min(1).max(10_000_000).optional() }),
  ]),
  ports: () => ['out'],
  label: { ru: 'Сгорают баллы', en: 'Points expiring' },
  hint: { ru: 'За N дней или часов до того, как сгорят начисленные баллы', en: 'N days or hours before granted points expire' },
  summary: (c, lang) => {
    const min = c.minPoints ? (lang === 'ru' ? ` от ${c.minPoints}` : ` from ${c.minPoints}`) : '';
    if (c.unit === 'hours') {
      return lang === 'ru' ? `Баллы${min} сгорят через ${c.before} ч` : `Points${min} expire in ${c.before} h`;
    }
    return lang === 'ru'
      ? `Баллы${min} сгорят через ${c.before} ${plural('ru', c.before, ['день', 'дня', 'дней'])}, в ${c.at}`
      : `Points${min} expire in ${c.before} d, at ${c.at}`;
  },
});
