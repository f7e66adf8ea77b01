import type { ScenarioDocumentInput } from '../schema';

/** Seed 000: A/B test of offers for sleeping customers, "Gift" vs "25% off", with a holdout control group. */
export const giftVsDiscount: ScenarioDocumentInput = {
  format: 'scenario/v1',
  name: 'A/B: подарок или скидка 25% для спящих',
  description: 'Спящие 90+ дней с покупками от 10 000 ₽ делятся поровну между подарком в баллах и скидкой 25%; 10% — контрольная группа без сообщений.',
  settings: { timezone: 'Europe/Moscow', quietHours: { start: '21:00', end: '09:00' }, stopOnPurchase: true, conversionWindowDays: 30 },
  nodes: [
    { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
    {
      id: 'audience',
      type: 'filter',
      label: 'Спящие с чеком от 10 000 ₽',
      config: {
        condition: {
          all: [
            { field: 'daysSinceLastOrder', op: 'gte', value: 90 },
            { field: 'totalSpent', op: 'gte', value: 10000 },
            { field: 'subscribed.email', op: 'eq', value: true },
          ],
        },
      },
    },
    { id: 'once', type: 'frequencyLimit', config: { count: 'entries', scope: 'scenario', max: 1, periodDays: 180 } },
    {
      id: 'split',
      type: 'abSplit',
      config: {
        variants: [
          { key: 'gift', label: 'Подарок', weight: 50 },
          { key: 'discount', label: 'Скидка 25%', weight: 50 },
        ],
        holdoutPct: 10,
      },
    },
    { id: 'gift', type: 'grantBonus', config: { points: 500, expiresInDays: 3 } },
    {
      id: 'giftMail',
      type: 'send',
      config: {
        channel: 'email',
        subject: '{{ customer.firstName }}, у нас для вас подарок',
        text: 'Мы соскучились! Дарим {{ bonus.points | points }} — потратьте их до {{ bonus.expiresAt | date: "%e %B" }}.',
      },
    },
    { id: 'giftWait', type: 'wait', config: { days: 2 } },
    {
      id: 'giftRemind',
      type: 'reminder',
      config: { channel: 'email', subject: 'Подарок сгорает завтра', text: 'Ваши {{ bonus.points | points }} сгорят {{ bonus.expiresAt | date: "%d.%m в %H:%M" }}.' },
    },
    {
      id: 'discountMail',
      type: 'send',
      config: {
        channel: 'email',
        subject: '{{ customer.firstName }}, −25% на всё для вас',
        text: 'Мы соскучились! Скидка 25% на следующий заказ по промокоду COMEBACK25 — действует 3 дня.',
      },
    },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'audience' },
    { from: 'audience', port: 'yes', to: 'once' },
    { from: 'once', port: 'pass', to: 'split' },
    { from: 'split', port: 'gift', to: 'gift' },
    { from: 'gift', port: 'out', to: 'giftMail' },
    { from: 'giftMail', port: 'out', to: 'giftWait' },
    { from: 'giftWait', port: 'out', to: 'giftRemind' },
    { from: 'split', port: 'discount', to: 'discountMail' },
  ],
};
