import { ScenarioDocumentSchema, type ScenarioDocument, type ScenarioDocumentInput } from '../schema';
import { afterFirstPurchase } from './afterFirstPurchase';
import { birthday } from './birthday';
import { escalationLadder } from './escalationLadder';
import { giftVsDiscount } from './giftVsDiscount';
import { mindboxReactivation } from './mindboxReactivation';
import { oneTimeBuyer } from './oneTimeBuyer';
import { pointsExpiring } from './pointsExpiring';
import { preChurn } from './preChurn';
import { vipBalance } from './vipBalance';

export interface ScenarioExample {
  key: string;
  title: { ru: string; en: string };
  description: { ru: string; en: string };
  document: ScenarioDocument;
}

const example = (key: string, title: ScenarioExample['title'], description: ScenarioExample['description'], input: ScenarioDocumentInput): ScenarioExample => ({
  key,
  title,
  description,
  document: ScenarioDocumentSchema.parse(input),
});

/** Ready-made scenarios from the seeds: the editor's template gallery and the demo data use them. */
export const scenarioExamples: ScenarioExample[] = [
  example(
    'mindbox-reactivation',
    { ru: 'Возврат после полугода без заказов', en: 'Win back after six months without orders' },
    {
      ru: 'Письмо-напоминание о бренде, через 7 дней — подарок 300 баллов на 14 дней, через 12 дней — напоминание, что баллы сгорают. Вход не чаще раза в 180 дней.',
      en: 'A brand reminder, 7 days later 300 points for 14 days, 12 days later a reminder that they expire. At most one entry per 180 days.',
    },
    mindboxReactivation,
  ),
  example(
    'one-time-buyer',
    { ru: 'Одна покупка: 100, потом 180 баллов, потом звонок', en: 'One-time buyers: 100, then 180 points, then a call' },
    {
      ru: 'На 66-й день после единственной покупки дарим 100 баллов на 7 дней по SMS, затем 180 баллов, затем ставим задачу позвонить клиенту.',
      en: 'On day 66 after the only purchase: 100 points for 7 days by SMS, then 180 points, then a task to call the customer.',
    },
    oneTimeBuyer,
  ),
  example(
    'escalation-ladder',
    { ru: 'Лестница предложений 100 → 200 → 500', en: 'Offer ladder 100 → 200 → 500' },
    {
      ru: 'Для спящих 90+ дней: на 20-й, 45-й и 60-й день — 100, 200 и 500 баллов на 72 часа. Покупка останавливает цепочку.',
      en: 'For customers asleep 90+ days: 100, 200 and 500 points for 72 hours on days 20, 45 and 60. A purchase stops the chain.',
    },
    escalationLadder,
  ),
  example(
    'pre-churn',
    { ru: 'Пре-отток: пропустил обычный визит', en: 'Pre-churn: missed the usual visit' },
    {
      ru: 'Покупал раз в неделю, а не был две: сначала мягкое напоминание, через 3 дня — 150 баллов на 48 часов.',
      en: 'Used to buy weekly, now silent for two weeks: a gentle nudge, then 150 points for 48 hours three days later.',
    },
    preChurn,
  ),
  example(
    'gift-vs-discount',
    { ru: 'A/B-тест: подарок против скидки 25%', en: 'A/B test: gift vs 25% off' },
    {
      ru: 'Спящие с покупками от 10 000 ₽ поровну делятся между подарком 500 баллов и скидкой 25%; 10% — контрольная группа.',
      en: 'Sleeping customers who spent 10,000 ₽+ split evenly between 500 gift points and 25% off; 10% holdout.',
    },
    giftVsDiscount,
  ),
  example(
    'vip-balance',
    { ru: 'VIP: напоминание о балансе баллов', en: 'VIP: bonus balance reminder' },
    {
      ru: 'VIP-клиентам с баллами, не покупавшим 66 дней, напоминаем о балансе; не вернулись за 5 дней — дарим 180 баллов на неделю.',
      en: 'VIP customers with points and no order for 66 days get a balance reminder; no order within 5 days — 180 points for a week.',
    },
    vipBalance,
  ),
  example(
    'after-first-purchase',
    { ru: '14 дней после первой покупки', en: '14 days after the first purchase' },
    {
      ru: 'Запуск по первому заказу: через 14 дней ждём вторую покупку ещё неделю. Купил — благодарим сразу, не купил — 100 баллов на 14 дней.',
      en: 'Starts on the first order: after 14 days, waits a week for a second purchase. A buyer is thanked at once; otherwise 100 points for 14 days.',
    },
    afterFirstPurchase,
  ),
  example(
    'points-expiring',
    { ru: 'Баллы сгорят через 3 дня', en: 'Points expire in 3 days' },
    {
      ru: 'За 3 дня до сгорания баллов (от 100) — служебное напоминание; не купил — ещё одно в последний день.',
      en: 'Three days before granted points (100+) expire, a service reminder; no purchase — one more on the last day.',
    },
    pointsExpiring,
  ),
  example(
    'birthday',
    { ru: 'День рождения', en: 'Birthday' },
    {
      ru: 'За 3 дня до дня рождения — 300 баллов на неделю, в сам день — поздравление. Раз в год.',
      en: 'Three days before the birthday, 300 points for a week; a greeting on the day. Once a year.',
    },
    birthday,
  ),
];

export function scenarioExample(key: string): ScenarioExample | undefined {
  return scenarioExamples.find((e) => e.key === key);
}
