import { z } from 'zod';
import { defineNode } from './define';

/**
 * Waits up to a time for the customer's next purchase: leaves through `bought` as soon as an order arrives (the
 * purchase does not stop the run here, even when the scenario stops on purchase) and through `timeout` when the
 * time is up.
 */
export const waitForPurchase = defineNode({
  type: 'waitForPurchase',
  config: z.strictObject({
    days: z.number().int().min(0).max(365),
    hours: z.number().int().min(0).max(23).optional(),
    /** Only an order of at least this amount counts. */
    minAmount: z.number().min(0).max(100_000_000).optional(),
  }),
  ports: () => ['bought', 'timeout'],
  portLabels: { bought: { ru: 'купил', en: 'bought' }, timeout: { ru: 'не купил', en: 'no purchase' } },
  label: { ru: 'Ждать покупку', en: 'Wait for purchase' },
  hint: { ru: 'Ждёт заказ до N дней: сразу дальше, как только клиент купил', en: 'Waits up to N days for an order and goes on the moment it arrives' },
  summary: (c, lang) => {
    const h = c.hours ? (lang === 'ru' ? ` ${c.hours} ч` : ` ${c.hours} h`) : '';
    const amount = c.minAmount ? (lang === 'ru' ? ` от ${c.minAmount} ₽` : ` from ${c.minAmount} ₽`) : '';
    return lang === 'ru' ? `Ждать покупку${amount} до ${c.days} дн.${h}` : `Wait for purchase${amount} up to ${c.days} d${h}`;
  },
});
