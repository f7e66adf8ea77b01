import type { ScenarioDocumentInput } from '../schema';

/** Seed 000: three-step offer escalation for the 90+ days segment, each bonus living 72 hours. */
export const escalationLadder: ScenarioDocumentInput = {
  format: 'scenario/v1',
  name: 'Лестница предложений: 100 → 200 → 500 баллов',
  description: 'Для спящих 90+ дней: на 20-й день 100 баллов, на 45-й — 200, на 60-й — 500; каждый подарок живёт 72 часа. Покупка останавливает цепочку.',
  settings: { timezone: 'Europe/Moscow', quietHours: { start: '21:00', end: '09:00' }, stopOnPurchase: true, conversionWindowDays: 30 },
  nodes: [
    { id: 'start', type: 'dailyTrigger', config: { at: '12:00' } },
    {
      id: 'audience',
      type: 'filter',
      label: 'Спят 90+ дней',
      config: {
        condition: {
          all: [
            { field: 'orderCount', op: 'gte', value: 1 },
            { field: 'daysSinceLastOrder', op: 'gte', value: 90 },
            { any: [{ field: 'subscribed.telegram', op: 'eq', value: true }, { field: 'subscribed.push', op: 'eq', value: true }] },
          ],
        },
      },
    },
    { id: 'once', type: 'frequencyLimit', config: { count: 'entries', scope: 'scenario', max: 1, periodDays: 365 } },
    { id: 'day20', type: 'wait', label: 'До 20-го дня', config: { days: 20 } },
    { id: 'gift100', type: 'grantBonus', config: { points: 100, expiresInHours: 72 } },
    {
      id: 'msg100',
      type: 'send',
      config: {
        channel: 'telegram',
        fallbackChannels: ['push'],
        text: '🎁 {{ customer.firstName }}, дарим {{ bonus.points | points }}! Успейте потратить до {{ bonus.expiresAt | date: "%d.%m %H:%M" }}',
      },
    },
    { id: 'day45', type: 'wait', label: 'До 45-го дня', config: { days: 25 } },
    { id: 'gift200', type: 'grantBonus', config: { points: 200, expiresInHours: 72 } },
    {
      id: 'msg200',
      type: 'send',
      config: {
        channel: 'telegram',
        fallbackChannels: ['push'],
        text: '🔥 Удваиваем подарок: {{ bonus.points | points }} на 3 дня, до {{ bonus.expiresAt | date: "%d.%m %H:%M" }}',
      },
    },
    { id: 'day60', type: 'wait', label: 'До 60-го дня', config: { days: 15 } },
    { id: 'gift500', type: 'grantBonus', config: { points: 500, expiresInHours: 72 } },
    {
      id: 'msg500',
      type: 'send',
      config: {
        channel: 'telegram',
        fallbackChannels: ['push'],
        text: '💎 Последнее и самое щедрое: {{ bonus.points | points }} до {{ bonus.expiresAt | date: "%d.%m %H:%M" }}. Ждём вас!',
      },
    },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'audience' },
    { from: 'audience', port: 'yes', to: 'once' },
    { from: 'once', port: 'pass', to: 'day20' },
    { from: 'day20', port: 'out', to: 'gift100' },
    { from: 'gift100', port: 'out', to: 'msg100' },
    { from: 'msg100', port: 'out', to: 'day45' },
    { from: 'day45', port: 'out', to: 'gift200' },
    { from: 'gift200', port: 'out', to: 'msg200' },
    { from: 'msg200', port: 'out', to: 'day60' },
    { from: 'day60', port: 'out', to: 'gift500' },
    { from: 'gift500', port: 'out', to: 'msg500' },
  ],
};
