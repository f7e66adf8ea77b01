import type { ScenarioDocumentInput } from '../schema';

/**
 * Seed 004's one-time buyers, caught early: 14 days after the first purchase, wait up to 7 days for a second one; a
 * customer who buys is thanked at once, one who does not gets 100 points for 14 days.
 */
export const afterFirstPurchase: ScenarioDocumentInput = {
  format: 'scenario/v1',
  name: '14 дней после первой покупки',
  description: 'Через 14 дней после первой покупки ждём вторую ещё неделю; кто не купил — дарим 100 баллов на 14 дней.',
  settings: {
    timezone: 'Europe/Moscow',
    quietHours: { start: '21:00', end: '09:00' },
    stopOnPurchase: true,
    conversionWindowDays: 30,
    budget: { avgCheck: 900, marginPct: 40, maxShareOfMarginPct: 50 },
  },
  nodes: [
    { id: 'start', type: 'orderTrigger', config: { firstOrder: true, reentry: { mode: 'once' } } },
    { id: 'w14', type: 'wait', config: { days: 14 } },
    { id: 'second', type: 'waitForPurchase', config: { days: 7 } },
    { id: 'thanks', type: 'send', config: { channel: 'sms', text: '{{ customer.firstName }}, спасибо, что вернулись! Ждём вас снова.' } },
    { id: 'gift', type: 'grantBonus', config: { points: 100, expiresInDays: 14 } },
    {
      id: 'offer',
      type: 'send',
      config: { channel: 'sms', text: 'Дарим {{ bonus.points }} баллов на вторую покупку до {{ bonus.expiresAt | date: "%d.%m" }}. Ждём вас!' },
    },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'w14' },
    { from: 'w14', port: 'out', to: 'second' },
    { from: 'second', port: 'bought', to: 'thanks' },
    { from: 'second', port: 'timeout', to: 'gift' },
    { from: 'gift', port: 'out', to: 'offer' },
  ],
};
