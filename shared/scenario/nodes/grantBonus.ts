import { z } from 'zod';
import { defineNode } from './define';

export const grantBonus = defineNode({
  type: 'grantBonus',
  config: z.strictObject({
    points: z.number().int().positive().max(1_000_000),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
    expiresInHours: z.number().int().min(1).max(24 * 365).optional(),
  }),
  ports: () => ['out'],
  label: { ru: 'Начислить бонусы', en: 'Grant bonus' },
  hint: { ru: 'Дарит баллы со сроком действия', en: 'Gives points that expire' },
  summary: (c, lang) => {
    const life = c.expiresInHours ? `${c.expiresInHours} ${lang === 'ru' ? 'ч' : 'h'}` : `${c.expiresInDays ?? '?'} ${lang === 'ru' ? 'дн.' : 'd'}`;
    return lang === 'ru' ? `${c.points} баллов на ${life}` : `${c.points} points for ${life}`;
  },
});
