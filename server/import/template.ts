import { CUSTOMER_COLUMNS, ORDER_COLUMNS, type ImportKind } from './columns';

const EXAMPLES: Record<ImportKind, Record<string, string>[]> = {
  customers: [
    {
      id: 'K-1001', name: 'Анна Смирнова', phone: '+7 912 345-67-89', email: 'anna@example.ru', city: 'Казань', cardType: 'обычная',
      registeredAt: '05.03.2024', timezone: 'Europe/Moscow', 'subscriptions.sms': 'да', 'subscriptions.email': 'да', 'subscriptions.telegram': 'нет', 'subscriptions.push': 'нет',
    },
    { id: 'K-1002', name: 'Игорь Волков', phone: '8 903 111-22-33', city: 'Екатеринбург', cardType: 'VIP', registeredAt: '17.11.2023 14:20', timezone: 'Asia/Yekaterinburg', 'subscriptions.sms': 'да' },
  ],
  orders: [
    { id: '2024-0001', customerId: 'K-1001', placedAt: '10.03.2025 09:15', amount: '1 150,50', bonusSpent: '0', 'item.sku': 'COF-CAP', 'item.name': 'Капучино', 'item.category': 'Кофе', 'item.qty': '2', 'item.price': '260,25' },
    { id: '2024-0001', customerId: 'K-1001', placedAt: '10.03.2025 09:15', amount: '1 150,50', bonusSpent: '0', 'item.sku': 'DES-MED', 'item.name': 'Медовик, кусок', 'item.category': 'Десерты', 'item.qty': '2', 'item.price': '315' },
    { id: '2024-0002', customerId: 'K-1002', placedAt: '11.03.2025', amount: '700', bonusSpent: '100', 'item.sku': 'BRD-ZAK', 'item.name': 'Хлеб на закваске', 'item.category': 'Хлеб', 'item.qty': '1', 'item.price': '700' },
  ],
};

/**
 * A CSV template with every accepted column and example rows, the way Excel in Russia opens it without an import
 * wizard: UTF-8 with a byte-order mark, semicolons, CRLF line ends.
 */
export function importTemplate(kind: ImportKind): string {
  const columns = kind === 'customers' ? CUSTOMER_COLUMNS : ORDER_COLUMNS;
  const quote = (value: string) => (/[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const lines = [columns.map((c) => quote(c.title)), ...EXAMPLES[kind].map((row) => columns.map((c) => quote(row[c.field] ?? '')))];
  return `\uFEFF${lines.map((l) => l.join(';')).join('\r\n')}\r\n`;
}
