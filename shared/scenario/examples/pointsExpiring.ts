import type { ScenarioDocumentInput } from '../schema';

/** BonusPlus's balance reminder: «ваши 500 бонусов сгорят через 3 дня», then once more on the last day. */
export const pointsExpiring: ScenarioDocumentInput = {
  format: 'scenario/v1',
  name: 'Баллы сгорят через 3 дня',
  description: 'За 3 дня до того, как сгорят начисленные баллы (от 100), напоминаем; если клиент не купил — ещё раз в последний день.',
  settings: { timezone: 'Europe/Moscow', quietHours: { start: '21:00', end: '09:00' }, stopOnPurchase: true, conversionWindowDays: 7 },
  nodes: [
    { id: 'start', type: 'bonusExpiryTrigger', config: { unit: 'days', before: 3, at: '11:00', minPoints: 100 } },
    {
      id: 'notice',
      type: 'send',
      config: {
        channel: 'sms',
        fallbackChannels: ['email'],
        subject: 'Ваши баллы скоро сгорят',
        text: '{{ customer.firstName }}, ваши {{ event.data.points | points }} сгорят {{ event.data.expiresAt | date: "%d.%m" }}. Успейте потратить!',
        service: true,
      },
    },
    { id: 'last', type: 'waitForPurchase', config: { days: 2 } },
    {
      id: 'lastDay',
      type: 'send',
      config: { channel: 'sms', text: 'Сегодня последний день: {{ event.data.points | points }} сгорят в полночь.', service: true },
    },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'notice' },
    { from: 'notice', port: 'out', to: 'last' },
    { from: 'last', port: 'timeout', to: 'lastDay' },
  ],
};
