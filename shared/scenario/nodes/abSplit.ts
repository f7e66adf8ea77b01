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
    /**
     * The test is decided: every new entrant outside the holdout goes to this variant (set by "send everyone to the
     * winner" or by `autoDecide`; the other branches stay for runs already in them).
     */
    winner: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/).optional(),
    /**
     * Decide by itself: once the split has run `minDays` and the leading variant beats the runner-up at α = 5 % with
     * enough customers for `power` % power to see a `mdeRelPct` % uplift, the next version routes everyone to it.
     */
    autoDecide: z
      .strictObject({
        minDays: z.number().int().min(1).max(365),
        mdeRelPct: z.number().min(1).max(500).optional(),
        power: z.union([z.literal(80), z.literal(90)]).optional(),
      })
      .optional(),
  }),
  ports: (c) => [...c.variants.map((v) => v.key), ...((c.holdoutPct ?? 0) > 0 ? [HOLDOUT_PORT] : [])],
  portLabels: { holdout: { ru: 'контроль', en: 'holdout' } },
  label: { ru: 'A/B-тест', en: 'A/B split' },
  hint: { ru: 'Делит клиентов на варианты и контрольную группу', en: 'Splits customers into variants and a holdout' },
  summary: (c, lang) => {
    const holdout = (c.holdoutPct ?? 0) > 0 ? (lang === 'ru' ? `, контроль ${c.holdoutPct}%` : `, holdout ${c.holdoutPct}%`) : '';
    const winner = c.winner ? c.variants.find((v) => v.key === c.winner)?.label ?? c.winner : null;
    if (winner) return (lang === 'ru' ? `Все → ${winner} (победитель)` : `All → ${winner} (winner)`) + holdout;
    return c.variants.map((v) => `${v.label} ${v.weight}%`).join(' / ') + holdout;
  },
});
