import { z } from 'zod';
import { defineNode } from './define';
import { ReentrySchema, reentryInWords } from './reentry';

/** Starts a run when an order is ingested (POST /api/orders, an import) that meets the conditions. */
export const orderTrigger = defineNode({
  type: 'orderTrigger',
  config: z.strictObject({
    /** Only the customer's first order ever (by `placedAt`). */
    firstOrder: z.boolean().optional(),
    minAmount: z.number().min(0).max(100_000_000).optional(),
    /** Only orders with at least one line of this category (as sent in `items[].category`). */
    category: z.string().trim().min(1).max(100).optional(),
    reentry: ReentrySchema,
  }),
  ports: () => ['out'],
  label: { ru: 'Заказ оформлен', en: 'Order placed' },
  hint: { ru: 'Запускает сценарий, когда клиент делает заказ (можно только первый)', en: 'Starts the scenario when a customer places an order (optionally only the first)' },
  summary: (c, lang) => {
    const what = lang === 'ru' ? (c.firstOrder ? 'Первый заказ' : 'Заказ') : c.firstOrder ? 'First order' : 'Order';
    const amount = c.minAmount ? (lang === 'ru' ? ` от ${c.minAmount} ₽` : ` from ${c.minAmount} ₽`) : '';
    const category = c.category ? (lang === 'ru' ? ` в «${c.category}»` : ` in "${c.category}"`) : '';
    return `${what}${amount}${category}, ${reentryInWords(c.reentry, lang)}`;
  },
});
