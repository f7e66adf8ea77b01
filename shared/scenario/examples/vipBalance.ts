import type { ScenarioDocumentInput } from '../schema';

/** Seed 004: VIP card holders silent for 66 days — first a reminder of their balance, then gift points. */
export const vipBalance: ScenarioDocumentInput = {
  format: 'scenario/v1',
  name: 'VIP: напомнить о баллах',
  description: 'VIP-клиенты с баллами на счёте, не покупавшие 66 дней: напоминаем о балансе, а если не вернулись — дарим баллы.',
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
      label: 'VIP с баллами, 66 дней без заказов',
      config: {
        condition: {
          all: [
            { field: 'cardType', op: 'eq', value: 'vip' },
            { field: 'bonusBalance', op: 'gte', value: 100 },
            { field: 'daysSinceLastOrder', op: 'gte', value: 66 },
          ],
        },
      },
    },
    { id: 'once', type: 'frequencyLimit', config: { count: 'entries', scope: 'scenario', max: 1, periodDays: 90 } },
    {
      id: 'balance',
      type: 'send',
      config: {
        channel: 'telegram',
        fallbackChannels: ['email'],
        subject: 'У вас {{ customer.bonusBalance | points }}',
        text: 'Напоминаем вам! У вас {{ customer.bonusBalance | points }}, и мы ждём вас за покупками!',
      },
    },
    { id: 'w5', type: 'wait', config: { days: 5 } },
    { id: 'bought', type: 'checkOrders', config: {} },
    { id: 'gift', type: 'grantBonus', config: { points: 180, expiresInDays: 7 } },
    {
      id: 'offer',
      type: 'send',
      config: {
        channel: 'telegram',
        fallbackChannels: ['email'],
        subject: 'Подарок для VIP-клиента',
        text: '{{ customer.firstName }}, дарим ещё {{ bonus.points | points }} до {{ bonus.expiresAt | date: "%d.%m" }} — как нашему особому клиенту.',
      },
    },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'audience' },
    { from: 'audience', port: 'yes', to: 'once' },
    { from: 'once', port: 'pass', to: 'balance' },
    { from: 'balance', port: 'out', to: 'w5' },
    { from: 'w5', port: 'out', to: 'bought' },
    { from: 'bought', port: 'no', to: 'gift' },
    { from: 'gift', port: 'out', to: 'offer' },
  ],
};
