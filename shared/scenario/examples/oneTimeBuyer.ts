import type { ScenarioDocumentInput } from '../schema';

/** Seed 004 (BonusPlus): customers with one purchase, silent for 66 days — two gifts by SMS, then a call. */
export const oneTimeBuyer: ScenarioDocumentInput = {
  format: 'scenario/v1',
  name: 'Одна покупка и тишина 66 дней',
  description: 'Средний интервал возврата 65 дней: на 66-й день дарим 100 баллов на 7 дней, затем 180 баллов, затем звонок.',
  settings: {
    timezone: 'Europe/Moscow',
    quietHours: { start: '21:00', end: '09:00' },
    stopOnPurchase: true,
    conversionWindowDays: 30,
    budget: { avgCheck: 900, marginPct: 40, maxShareOfMarginPct: 50 },
  },
  nodes: [
    { id: 'start', type: 'dailyTrigger', config: { at: '11:00' } },
    {
      id: 'audience',
      type: 'filter',
      label: 'Одна покупка, 66 дней без заказов',
      config: {
        condition: {
          all: [
            { field: 'orderCount', op: 'eq', value: 1 },
            { field: 'daysSinceLastOrder', op: 'gte', value: 66 },
            { field: 'subscribed.sms', op: 'eq', value: true },
          ],
        },
      },
    },
    { id: 'once', type: 'frequencyLimit', config: { count: 'entries', scope: 'scenario', max: 1, periodDays: 180 } },
    { id: 'gift100', type: 'grantBonus', config: { points: 100, expiresInDays: 7 } },
    {
      id: 'sms100',
      type: 'send',
      config: { channel: 'sms', text: 'Дарим вам {{ bonus.points }} рублей на покупку до {{ bonus.expiresAt | date: "%d.%m" }} Ждем вас за покупкой!' },
    },
    { id: 'w7', type: 'wait', config: { days: 7 } },
    { id: 'bought1', type: 'checkOrders', config: {} },
    { id: 'gift180', type: 'grantBonus', config: { points: 180, expiresInDays: 14 } },
    {
      id: 'sms180',
      type: 'send',
      config: { channel: 'sms', text: 'Дарим {{ bonus.points }} рублей на покупку в нашем магазине до {{ bonus.expiresAt | date: "%d.%m" }}.' },
    },
    { id: 'w14', type: 'wait', config: { days: 14 } },
    { id: 'bought2', type: 'checkOrders', config: {} },
    {
      id: 'call',
      type: 'task',
      config: {
        text: 'Позвонить клиенту {{ customer.name }} ({{ customer.id }}): дважды дарили баллы, покупок нет. Узнать, почему перестал покупать.',
        role: 'support',
      },
    },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'audience' },
    { from: 'audience', port: 'yes', to: 'once' },
    { from: 'once', port: 'pass', to: 'gift100' },
    { from: 'gift100', port: 'out', to: 'sms100' },
    { from: 'sms100', port: 'out', to: 'w7' },
    { from: 'w7', port: 'out', to: 'bought1' },
    { from: 'bought1', port: 'no', to: 'gift180' },
    { from: 'gift180', port: 'out', to: 'sms180' },
    { from: 'sms180', port: 'out', to: 'w14' },
    { from: 'w14', port: 'out', to: 'bought2' },
    { from: 'bought2', port: 'no', to: 'call' },
  ],
};
