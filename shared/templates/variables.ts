import type { Text } from '../i18n/text';
/** What a message template can use. The runtime builds it per customer and message; the editor offers the list. */
export interface MessageContext {
  customer: {
    id: string;
    name: string | null;
    firstName: string | null;
    city: string | null;
    bonusBalance: number;
    favoriteCategory?: string | null;
    orderCount?: number;
  };
  /** The bonus granted earlier in this run (by `grantBonus`), when there is one. */
  bonus?: { points: number; expiresAt: string };
  scenario?: { name: string };
  /** The event the run entered on (event, birthday, points-expiring and segment triggers). */
  event?: { type: string | null; at: string; data: Record<string, unknown> };
}

export interface TemplateVariable {
  name: string;
  description: Text;
  example: string;
}

export const templateVariables: readonly TemplateVariable[] = [
  { name: 'customer.firstName', description: { ru: 'Имя клиента', en: "Customer's first name" }, example: 'Анна' },
  { name: 'customer.name', description: { ru: 'Имя и фамилия, как в базе', en: 'Full name as stored' }, example: 'Анна Петрова' },
  { name: 'customer.city', description: { ru: 'Город', en: 'City' }, example: 'Тверь' },
  { name: 'customer.bonusBalance', description: { ru: 'Баланс баллов сейчас', en: 'Current bonus balance' }, example: '1500' },
  { name: 'customer.favoriteCategory', description: { ru: 'Любимая категория покупок', en: 'Favourite category' }, example: 'Кофе' },
  { name: 'customer.orderCount', description: { ru: 'Число заказов', en: 'Number of orders' }, example: '3' },
  { name: 'customer.id', description: { ru: 'Идентификатор клиента в вашей системе', en: 'Customer id in your system' }, example: 'C-1042' },
  { name: 'bonus.points', description: { ru: 'Сколько баллов подарено в этом сценарии', en: 'Points granted in this run' }, example: '300' },
  {
    name: 'bonus.expiresAt',
    description: { ru: 'Когда сгорят подаренные баллы; с фильтром date: "%d.%m" — «12.12»', en: 'When the granted points expire; with date: "%d.%m" → "12.12"' },
    example: '2026-12-12T21:00:00Z',
  },
  {
    name: 'event.data',
    description: {
      ru: 'Данные события, с которого клиент вошёл: event.data.<ключ> (для заказа — amount, orderId; для сгорающих баллов — points, expiresAt)',
      en: 'Data of the event the customer entered on: event.data.<key> (an order: amount, orderId; expiring points: points, expiresAt)',
    },
    example: '{ "cart": "Капучино ×2" }',
  },
  { name: 'event.at', description: { ru: 'Когда произошло событие; с фильтром date: "%d.%m"', en: 'When the event happened; with date: "%d.%m"' }, example: '2026-03-12T11:05:00Z' },
  { name: 'event.type', description: { ru: 'Тип события (для событий из ваших систем)', en: 'The event type (custom events)' }, example: 'cart_abandoned' },
  { name: 'scenario.name', description: { ru: 'Название сценария', en: 'Scenario name' }, example: 'Возврат: полгода без заказов' },
];

/** Filters marketers may use besides the LiquidJS standard ones, for the editor's help panel. */
export const templateFilters: ReadonlyArray<{ name: string; example: string; result: string; description: Text }> = [
  { name: 'date', example: '{{ bonus.expiresAt | date: "%d.%m" }}', result: '12.12', description: { ru: 'Дата в часовом поясе клиента: %d день, %m месяц, %Y год, %H:%M время, %B месяц словом', en: "Date in the customer's time zone: %d day, %m month, %Y year, %H:%M time, %B month name" } },
  { name: 'rub', example: '{{ 1500 | rub }}', result: '1 500 ₽', description: { ru: 'Сумма в рублях', en: 'Amount in roubles' } },
  { name: 'points', example: '{{ bonus.points | points }}', result: '300 баллов', description: { ru: 'Число баллов со словом «балл» в нужной форме', en: 'Number of points with the word in the right form' } },
  { name: 'plural', example: '{{ 2 | plural: "день", "дня", "дней" }}', result: '2 дня', description: { ru: 'Число со словом в нужной форме (одна, две, пять)', en: 'Number with the word in the right form (one, few, many)' } },
];
