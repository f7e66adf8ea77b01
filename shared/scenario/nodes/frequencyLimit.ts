import { z } from 'zod';
import { plural } from '../../i18n/plural';
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
  summary: (c, lang) => {
    if (lang === 'en') return `At most ${c.max} ${c.count} per ${c.periodDays} d`;
    // «не более» takes the genitive: singular after 1, 21 (входа), plural after 2–4 and 5+ alike (входов).
    const what = c.count === 'entries' ? plural('ru', c.max, ['входа', 'входов', 'входов']) : plural('ru', c.max, ['сообщения', 'сообщений', 'сообщений']);
    return `Не более ${c.max} ${what} за ${c.periodDays} дн.`;
  },
});
