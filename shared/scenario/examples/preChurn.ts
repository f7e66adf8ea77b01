import type { ScenarioDocumentInput } from '../schema';

/** Seed 000: pre-churn — a customer who usually buys every week has not bought for twice that long. */
export const preChurn: ScenarioDocumentInput = {
  format: 'scenario/v1',
  name: 'Пре-отток: пропустил свой обычный визит',
  description: 'Покупал примерно раз в неделю, а сейчас не был вдвое дольше обычного. Пре-отток конвертируется в разы лучше спящих.',
  settings: { timezone: 'Europe/Moscow', quietHours: { start: '21:00', end: '09:00' }, stopOnPurchase: true, conversionWindowDays: 14 },
  nodes: [
    { id: 'start', type: 'dailyTrigger', config: { at: '09:30' } },
    {
      id: 'audience',
      type: 'filter',
      label: 'Обычно раз в неделю, сейчас вдвое дольше',
      config: {
        condition: {
          all: [
            { field: 'orderCount', op: 'gte', value: 3 },
            { field: 'avgDaysBetweenOrders', op: 'lte', value: 10 },
            { field: 'overdueRatio', op: 'gte', value: 2 },
            { field: 'daysSinceLastOrder', op: 'lt', value: 60 },
          ],
        },
      },
    },
    { id: 'monthly', type: 'frequencyLimit', config: { count: 'entries', scope: 'scenario', max: 1, periodDays: 30 } },
    {
      id: 'nudge',
      type: 'send',
      config: {
        channel: 'push',
        fallbackChannels: ['telegram'],
        text: '{{ customer.firstName }}, давно вас не видели! Загляните — ваше любимое уже ждёт',
      },
    },
    { id: 'w3', type: 'wait', config: { days: 3 } },
    { id: 'bought', type: 'checkOrders', config: {} },
    { id: 'gift', type: 'grantBonus', config: { points: 150, expiresInHours: 48 } },
    {
      id: 'offer',
      type: 'send',
      config: {
        channel: 'telegram',
        fallbackChannels: ['push'],
        text: '☕ {{ customer.firstName }}, {{ bonus.points | points }} в подарок на следующий визит — до {{ bonus.expiresAt | date: "%d.%m" }}',
      },
    },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'audience' },
    { from: 'audience', port: 'yes', to: 'monthly' },
    { from: 'monthly', port: 'pass', to: 'nudge' },
    { from: 'nudge', port: 'out', to: 'w3' },
    { from: 'w3', port: 'out', to: 'bought' },
    { from: 'bought', port: 'no', to: 'gift' },
    { from: 'gift', port: 'out', to: 'offer' },
  ],
};
