import { z } from 'zod';
import { defineNode } from './define';

export const wait = defineNode({
  type: 'wait',
  config: z.strictObject({
    days: z.number().int().min(0).max(365),
    hours: z.number().int().min(0).max(23).optional(),
  }),
  ports: () => ['out'],
  label: { ru: 'Ждать', en: 'Wait' },
  hint: { ru: 'Пауза на заданное число дней и часов', en: 'Pause for a number of days and hours' },
  summary: (c, lang) => {
    const h = c.hours ? (lang === 'ru' ? ` ${c.hours} ч` : ` ${c.hours} h`) : '';
    return lang === 'ru' ? `Ждать ${c.days} дн.${h}` : `Wait ${c.days} d${h}`;
  },
});
