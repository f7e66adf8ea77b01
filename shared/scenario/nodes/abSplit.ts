import { z } from 'zod';
import { HOLDOUT_PORT } from '../../ab/assign';
import { defineNode } from './define';

export { HOLDOUT_PORT } from '../../ab/assign';

export const abSplit = defineNode({
  type: 'abSplit',
  config: z.strictObject({
    variants: z
      .array(
        z.strictObject({
          key: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
          label: z.string().min(1).max(100),
          weight: z.number().positive().max(100),
        }),
      )
      .min(2)
      .max(5),
    /** Share of entrants (0–50 %) who get nothing (control group); the variants split the rest by weight. */
    holdoutPct: z.number().min(0).max(50).optional(),
  }),
  ports: (c) => [...c.variants.map((v) => v.key), ...((c.holdoutPct ?? 0) > 0 ? [HOLDOUT_PORT] : [])],
  portLabels: { holdout: { ru: 'контроль', en: 'holdout' } },
  label: { ru: 'A/B-тест', en: 'A/B split' },
  hint: { ru: 'Делит клиентов на варианты и контрольную группу', en: 'Splits customers into variants and a holdout' },
  summary: (c, lang) =>
    c.variants.map((v) => `${v.label} ${v.weight}%`).join(' / ') +
    ((c.holdoutPct ?? 0) > 0 ? (lang === 'ru' ? `, контроль ${c.holdoutPct}%` : `, holdout ${c.holdoutPct}%`) : ''),
});
