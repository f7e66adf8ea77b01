import { z } from 'zod';
import { defineNode } from './define';

export const checkOrders = defineNode({
  type: 'checkOrders',
  config: z.strictObject({
    withinDays: z.number().int().min(1).max(3650).optional(),
    minAmount: z.number().min(0).optional(),
  }),
  ports: () => ['yes', 'no'],
  portLabels: { yes: { ru: 'купил', en: 'ordered' }, no: { ru: 'не купил', en: 'no order' } },
  label: { ru: 'Проверить заказы', en: 'Check orders' },
  hint: { ru: 'Был ли заказ с момента входа в сценарий (или за N дней)', en: 'Was there an order since entry (or within N days)' },
  summary: (c, lang) =>
    c.withinDays
      ? lang === 'ru' ? `Заказ за ${c.withinDays} дн.` : `Order within ${c.withinDays} d`
      : lang === 'ru' ? 'Заказ после входа' : 'Order since entry',
});
