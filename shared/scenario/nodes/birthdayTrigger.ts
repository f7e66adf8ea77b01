import { z } from 'zod';
import { plural } from '../../i18n/plural';
import { defineNode } from './define';
import { TimeOfDaySchema } from './time';

/**
 * Starts a run `daysBefore` days before the customer's birthday (customers.birth_date), at `at` in the scenario's zone,
 * once a year. A birthday on 29 February is kept on 28 February in other years.
 */
export const birthdayTrigger = defineNode({
  type: 'birthdayTrigger',
  config: z.strictObject({ daysBefore: z.number().int().min(0).max(60), at: TimeOfDaySchema }),
  ports: () => ['out'],
  label: { ru: 'День рождения', en: 'Birthday' },
  hint: { ru: 'За N дней до дня рождения клиента, раз в год', en: 'N days before the customer’s birthday, once a year' },
  summary: (c, lang) =>
    c.daysBefore === 0
      ? lang === 'ru' ? `В день рождения в ${c.at}` : `On the birthday at ${c.at}`
      : lang === 'ru'
        ? `За ${c.daysBefore} ${plural('ru', c.daysBefore, ['день', 'дня', 'дней'])} до дня рождения в ${c.at}`
        : `${c.daysBefore} d before the birthday at ${c.at}`,
});
