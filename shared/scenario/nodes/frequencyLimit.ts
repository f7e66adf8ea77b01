import { z } from 'zod';
import { defineNode } from './define';

export const frequencyLimit = defineNode({
  type: 'frequencyLimit',
  config: z.strictObject({
    count: z.enum(['entries', 'messages']),
    scope: z.enum(['scenario', 'all']),
    max: z.number().int().min(1).max(1000),
    periodDays: z.number().int().min(1).max(3650),
  }),
  ports: () => ['pass', 'limited'],
  portLabels: { pass: { ru: 'можно', en: 'pass' }, limited: { ru: 'лимит', en: 'limited' } },
  label: { ru: 'Ограничение частоты', en: 'Frequency limit' },
  hint: { ru: 'Не чаще N входов или сообщений за период', en: 'At most N entries or messages per period' },
  summary: (c, lang) =>
    lang === 'ru'
      ? `Не более ${c.max} ${c.count === 'entries' ? 'входов' : 'сообщений'} за ${c.periodDays} дн.`
      : `At most ${c.max} ${c.count} per ${c.periodDays} d`,
});
