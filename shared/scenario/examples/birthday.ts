import type { ScenarioDocumentInput } from '../schema';

/** A birthday gift: 3 days before, 300 points for a week, and a greeting on the day itself at 10:00 on the customer's clock. */
export const birthday: ScenarioDocumentInput = {
  format: 'scenario/v1',
  name: 'День рождения',
  description: 'За 3 дня до дня рождения дарим 300 баллов на 7 дней, в сам день — поздравление. Раз в год.',
  settings: {
    timezone: 'Europe/Moscow',
    quietHours: { start: '21:00', end: '09:00' },
    stopOnPurchase: false,
    conversionWindowDays: 10,
    budget: { avgCheck: 900, marginPct: 40, maxShareOfMarginPct: 50 },
  },
  nodes: [
    { id: 'start', type: 'birthdayTrigger', config: { daysBefore: 3, at: '10:00' } },
    { id: 'gift', type: 'grantBonus', config: { points: 300, expiresInDays: 7 } },
    {
      id: 'present',
      type: 'send',
      config: { channel: 'sms', text: '{{ customer.firstName }}, скоро ваш день рождения! Дарим {{ bonus.points }} баллов до {{ bonus.expiresAt | date: "%d.%m" }}.' },
    },
    { id: 'w3', type: 'waitUntil', config: { mode: 'date', from: 'birthday', offsetDays: 0, time: '10:00' } },
    { id: 'greeting', type: 'send', config: { channel: 'sms', text: 'С днём рождения, {{ customer.firstName }}! Ждём вас за подарком.' } },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'gift' },
    { from: 'gift', port: 'out', to: 'present' },
    { from: 'present', port: 'out', to: 'w3' },
    { from: 'w3', port: 'out', to: 'greeting' },
  ],
};
