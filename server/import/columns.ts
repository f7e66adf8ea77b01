import { channelInText } from '../../shared/i18n/channels';

/**
 * Accepted column headers of import files, Russian and English. Matching ignores case, spaces, «ё»/«е» and
 * punctuation such as ":" or "*", so «Дата регистрации:» and "registered_at" both work.
 */

export type ImportKind = 'customers' | 'orders';

export interface ColumnSpec {
  /** The record field this column fills (dotted for nested fields). */
  field: string;
  /** The header shown to users in messages and templates. */
  title: string;
  aliases: string[];
  required?: boolean;
}

export const CUSTOMER_COLUMNS: ColumnSpec[] = [
  { field: 'id', title: 'Код клиента', aliases: ['id', 'код', 'код клиента', 'id клиента', 'номер карты', 'customer id', 'client id'], required: true },
  { field: 'name', title: 'Имя', aliases: ['имя', 'фио', 'клиент', 'покупатель', 'name', 'full name'] },
  { field: 'phone', title: 'Телефон', aliases: ['телефон', 'тел', 'мобильный', 'мобильный телефон', 'phone', 'mobile', 'phone number'] },
  { field: 'email', title: 'Email', aliases: ['email', 'e-mail', 'эл почта', 'электронная почта', 'почта', 'mail'] },
  { field: 'telegramChatId', title: 'Telegram', aliases: ['telegram', 'телеграм', 'telegram chat id', 'telegram id', 'чат telegram'] },
  { field: 'pushToken', title: 'Push-токен', aliases: ['push token', 'push-токен', 'push токен', 'токен push'] },
  { field: 'city', title: 'Город', aliases: ['город', 'city'] },
  { field: 'cardType', title: 'Тип карты', aliases: ['тип карты', 'карта', 'card type', 'card'] },
  { field: 'registeredAt', title: 'Дата регистрации', aliases: ['дата регистрации', 'зарегистрирован', 'регистрация', 'registered at', 'registration date', 'registered'], required: true },
  { field: 'timezone', title: 'Часовой пояс', aliases: ['часовой пояс', 'таймзона', 'timezone', 'time zone'] },
  { field: 'birthDate', title: 'Дата рождения', aliases: ['дата рождения', 'день рождения', 'др', 'birth date', 'birthday', 'date of birth', 'dob'] },
  { field: 'subscriptions.sms', title: `Подписка ${channelInText('sms')}`, aliases: ['подписка sms', 'подписка смс', 'согласие sms', 'согласие смс', 'sms subscription', 'subscribed sms'] },
  { field: 'subscriptions.email', title: `Подписка ${channelInText('email')}`, aliases: ['подписка email', 'подписка e-mail', 'согласие email', 'согласие e-mail', 'email subscription', 'subscribed email'] },
  { field: 'subscriptions.telegram', title: `Подписка ${channelInText('telegram')}`, aliases: ['подписка telegram', 'подписка телеграм', 'telegram subscription', 'subscribed telegram'] },
  { field: 'subscriptions.push', title: `Подписка ${channelInText('push')}`, aliases: ['подписка push', 'подписка пуш', 'push subscription', 'subscribed push'] },
  { field: 'consentAt', title: 'Дата согласия', aliases: ['дата согласия', 'согласие от', 'дата подписки', 'consent at', 'consent date', 'consented at'] },
  // Comma- or semicolon-separated; a filled cell replaces the customer's tags, a blank one keeps them.
  { field: 'tags', title: 'Теги', aliases: ['теги', 'тег', 'метки', 'tags', 'tag', 'labels'] },
];

export const ORDER_COLUMNS: ColumnSpec[] = [
  { field: 'id', title: 'Номер заказа', aliases: ['id', 'номер', 'номер заказа', 'заказ', 'номер чека', 'чек', 'order id', 'order'], required: true },
  { field: 'customerId', title: 'Код клиента', aliases: ['код клиента', 'id клиента', 'клиент', 'покупатель', 'номер карты', 'customer id', 'customer', 'client id'], required: true },
  { field: 'amount', title: 'Сумма', aliases: ['сумма', 'сумма заказа', 'итого', 'сумма чека', 'amount', 'total'] },
  { field: 'placedAt', title: 'Дата', aliases: ['дата', 'дата заказа', 'дата и время', 'дата чека', 'placed at', 'date', 'order date'], required: true },
  { field: 'bonusSpent', title: 'Списано баллов', aliases: ['списано баллов', 'списано бонусов', 'оплачено баллами', 'баллы', 'bonus spent', 'bonus'] },
  { field: 'item.sku', title: 'Артикул', aliases: ['артикул', 'код товара', 'sku'] },
  { field: 'item.name', title: 'Товар', aliases: ['товар', 'наименование', 'номенклатура', 'item', 'item name', 'product'] },
  { field: 'item.category', title: 'Категория', aliases: ['категория', 'группа', 'category'] },
  { field: 'item.qty', title: 'Количество', aliases: ['количество', 'кол-во', 'кол во', 'qty', 'quantity'] },
  { field: 'item.price', title: 'Цена', aliases: ['цена', 'price'] },
];

export function normalizeHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[_]+/g, ' ')
    .replace(/[:*."«»()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface ColumnMapping {
  /** The file's headers, as written. */
  headers: string[];
  /** Column index → spec. */
  columns: Map<number, ColumnSpec>;
  missing: ColumnSpec[];
  /** Headers that matched nothing; they are ignored, and the response lists them. */
  ignored: string[];
  /** Two headers that mean the same field: the file is ambiguous. */
  duplicated: string[];
}

export function mapColumns(headers: string[], kind: ImportKind): ColumnMapping {
  const specs = kind === 'customers' ? CUSTOMER_COLUMNS : ORDER_COLUMNS;
  const index = new Map<string, ColumnSpec>();
  for (const spec of specs) for (const alias of [spec.field, spec.title, ...spec.aliases]) index.set(normalizeHeader(splitCamel(alias)), spec);
  const columns = new Map<number, ColumnSpec>();
  const ignored: string[] = [];
  const duplicated: string[] = [];
  const seen = new Set<string>();
  headers.forEach((header, i) => {
    if (!header.trim()) return;
    const spec = index.get(normalizeHeader(splitCamel(header)));
    if (!spec) ignored.push(header);
    else if (seen.has(spec.field)) duplicated.push(header);
    else {
      seen.add(spec.field);
      columns.set(i, spec);
    }
  });
  return { headers, columns, missing: specs.filter((s) => s.required && !seen.has(s.field)), ignored, duplicated };
}

// "registeredAt" and "registered_at" should match "registered at".
function splitCamel(text: string): string {
  return text.replace(/([a-z])([A-Z])/g, '$1 $2');
}
