import type { ScenarioDocumentInput } from '../schema';

/** Seed 003 (Mindbox): the reactivation chain exactly as ARCHITECTURE.md §3 shows it. */
export const mindboxReactivation: ScenarioDocumentInput = {
  format: 'scenario/v1',
  name: 'Возврат: полгода без заказов',
  settings: {
    timezone: 'Europe/Moscow',
    quietHours: { start: '21:00', end: '09:00' },
    stopOnPurchase: true,
    conversionWindowDays: 30,
    budget: { avgCheck: 900, marginPct: 40, maxShareOfMarginPct: 50 },
  },
  nodes: [
    { id: 'start', type: 'dailyTrigger', position: { x: 0, y: 0 }, config: { at: '10:00' } },
    {
      id: 'audience',
      type: 'filter',
      position: { x: 0, y: 120 },
      config: {
        condition: {
          all: [
            { field: 'subscribed.email', op: 'eq', value: true },
            { field: 'daysSinceRegistration', op: 'gte', value: 180 },
            { field: 'orderCount', op: 'gte', value: 1 },
            { field: 'daysSinceLastOrder', op: 'gte', value: 180 },
          ],
        },
      },
    },
    { id: 'once', type: 'frequencyLimit', config: { count: 'entries', scope: 'scenario', max: 1, periodDays: 180 } },
    { id: 'hello', type: 'send', config: { channel: 'email', subject: 'Мы скучаем', text: '{{ customer.name }}, давно не виделись!' } },
    { id: 'w7', type: 'wait', config: { days: 7 } },
    { id: 'bought', type: 'checkOrders', config: {} },
    { id: 'gift', type: 'grantBonus', config: { points: 300, expiresInDays: 14 } },
    { id: 'offer', type: 'send', config: { channel: 'email', subject: 'Подарок', text: 'Дарим {{ bonus.points }} баллов до {{ bonus.expiresAt | date: "%d.%m" }}' } },
    { id: 'w12', type: 'wait', config: { days: 12 } },
    { id: 'remind', type: 'reminder', config: { channel: 'email', text: 'Ваши {{ bonus.points }} баллов сгорят {{ bonus.expiresAt | date: "%d.%m" }}' } },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'audience' },
    { from: 'audience', port: 'yes', to: 'once' },
    { from: 'once', port: 'pass', to: 'hello' },
    { from: 'hello', port: 'out', to: 'w7' },
    { from: 'w7', port: 'out', to: 'bought' },
    { from: 'bought', port: 'no', to: 'gift' },
    { from: 'gift', port: 'out', to: 'offer' },
    { from: 'offer', port: 'out', to: 'w12' },
    { from: 'w12', port: 'out', to: 'remind' },
  ],
};
