import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../support/postgres';
import { importFile } from '../../server/import/importFile';
import { upsertCustomers } from '../../server/ingest/customers';
import type { IngestedOrder } from '../../server/ingest/orders';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** What Excel in Russia saves as "CSV (разделители — точка с запятой)": Windows-1251, semicolons. */
function cp1251(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes[i] = code;
    else if (code === 0x401) bytes[i] = 0xa8;
    else if (code === 0x451) bytes[i] = 0xb8;
    else if (code >= 0x410 && code <= 0x44f) bytes[i] = code - 0x410 + 0xc0;
    else throw new Error(`no cp1251 byte for ${text[i]}`);
  }
  return bytes;
}

async function xlsx(rows: unknown[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Клиенты');
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('CSV and XLSX import', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await startTestDatabase();
  });
  afterAll(() => db?.stop());
  beforeEach(async () => {
    await db.sql`TRUNCATE customers, customer_stats, orders, order_items, bonus_ledger CASCADE`;
  });

  it('imports customers from a Windows-1251 semicolon CSV with Russian headers, dd.mm.yyyy dates and yes/no cells', async () => {
    const file = cp1251(
      'Код клиента;Имя;Телефон;E-mail;Город;Дата регистрации;Тип карты;Подписка SMS;Подписка email;Любимый цвет\r\n' +
        'K-1;Ольга Петрова;8 912 345-67-89;Olga@Mail.RU;Казань;05.03.2024;VIP;да;нет;синий\r\n' +
        'K-2;Иван Сидоров;+7 (903) 111-22-33;;Москва;31.12.2023 18:30;обычная;нет;;\r\n',
    );
    const outcome = await importFile(db.sql, { kind: 'customers', bytes: file });
    expect(outcome).toMatchObject({ applied: true, format: 'csv', rows: 2, summary: { accepted: 2 }, ignoredColumns: ['Любимый цвет'] });
    const rows = await db.sql`SELECT id, name, phone, email, city, card_type, registered_at, sub_sms, sub_email FROM customers ORDER BY id`;
    expect(rows).toEqual([
      { id: 'K-1', name: 'Ольга Петрова', phone: '+79123456789', email: 'olga@mail.ru', city: 'Казань', card_type: 'vip', registered_at: new Date('2024-03-04T21:00:00Z'), sub_sms: true, sub_email: false },
      { id: 'K-2', name: 'Иван Сидоров', phone: '+79031112233', email: null, city: 'Москва', card_type: 'regular', registered_at: new Date('2023-12-31T15:30:00Z'), sub_sms: false, sub_email: false },
    ]);
  });

  it('changes nothing when any row is bad, and lists every bad row with its number, column and reason', async () => {
    const file = utf8(
      'Код клиента,Имя,Телефон,Дата регистрации\n' +
        'A-1,Анна,+79120000001,01.02.2024\n' +
        'A-2,Борис,12345,01.02.2024\n' +
        'A-3,Вера,+79120000003,31.02.2024\n' +
        'A-4,Глеб,+79120000004,01.02.2024\n',
    );
    const outcome = await importFile(db.sql, { kind: 'customers', bytes: file });
    expect(outcome.applied).toBe(false);
    if (outcome.applied) return;
    expect(outcome.problems).toEqual([
      expect.objectContaining({ row: 3, column: 'Телефон', field: 'phone', messageRu: expect.stringContaining('+7') }),
      expect.objectContaining({ row: 4, column: 'Дата регистрации', field: 'registeredAt', messageRu: expect.stringContaining('не дата') }),
    ]);
    expect(await db.sql`SELECT count(*)::int AS n FROM customers`).toEqual([{ n: 0 }]);
  });

  it('reports a missing required column with the headers it accepts', async () => {
    const outcome = await importFile(db.sql, { kind: 'customers', bytes: utf8('Имя,Телефон\nАнна,+79120000001\n') });
    expect(outcome.applied).toBe(false);
    if (outcome.applied) return;
    expect(outcome.problems.map((p) => p.messageRu)).toEqual([
      expect.stringContaining('«Код клиента»'),
      expect.stringContaining('«Дата регистрации»'),
    ]);
  });

  it('imports customers from XLSX with date cells and phone numbers typed as numbers', async () => {
    const file = await xlsx([
      ['ID', 'Name', 'Phone', 'Registered at', 'City', 'Timezone'],
      ['x-1', 'Мария Орлова', 79161234567, new Date(Date.UTC(2024, 4, 17, 0, 0)), 'Екатеринбург', 'Asia/Yekaterinburg'],
    ]);
    const outcome = await importFile(db.sql, { kind: 'customers', bytes: file });
    expect(outcome).toMatchObject({ applied: true, format: 'xlsx', summary: { accepted: 1 } });
    const [row] = await db.sql`SELECT phone, registered_at, timezone FROM customers`;
    expect(row).toEqual({ phone: '+79161234567', registered_at: new Date('2024-05-16T21:00:00Z'), timezone: 'Asia/Yekaterinburg' });
  });

  it('names the spreadsheet\'s own row numbers in problems when an XLSX sheet has empty rows between data rows', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Клиенты');
    sheet.getRow(1).values = ['Код клиента', 'Дата регистрации'];
    sheet.getRow(2).values = ['g-1', '01.02.2024'];
    sheet.getRow(6).values = ['g-2', '31.02.2024'];
    sheet.getRow(9).getCell(30).style = { font: { bold: true } };
    const outcome = await importFile(db.sql, { kind: 'customers', bytes: new Uint8Array(await workbook.xlsx.writeBuffer()) });
    expect(outcome).toMatchObject({ applied: false, rows: 2, problems: [{ row: 6, column: 'Дата регистрации', field: 'registeredAt' }] });
  });

  it('imports orders given one row per line, with comma decimals, and hands new orders to the hook', async () => {
    await upsertCustomers(db.sql, [{ id: 'K-1', registeredAt: '2024-01-01' }, { id: 'K-2', registeredAt: '2024-01-01' }]);
    const file = utf8(
      'Номер заказа;Клиент;Дата;Сумма;Товар;Категория;Количество;Цена\n' +
        '1001;K-1;10.03.2025 09:15;"1 150,50";Капучино;Кофе;2;"260,25"\n' +
        '1001;K-1;10.03.2025 09:15;"1 150,50";Медовик;Десерты;2;315\n' +
        '1002;K-2;11.03.2025;700;Багет;Хлеб;1;700\n',
    );
    const seen: IngestedOrder[] = [];
    const outcome = await importFile(db.sql, { kind: 'orders', bytes: file }, { onOrdersIngested: (o) => void seen.push(...o) });
    expect(outcome).toMatchObject({ applied: true, summary: { accepted: 2 } });
    expect(seen.map((o) => o.orderId)).toEqual(['1001', '1002']);
    expect(await db.sql`SELECT id, amount, placed_at FROM orders ORDER BY id`).toEqual([
      { id: '1001', amount: 1150.5, placed_at: new Date('2025-03-10T06:15:00Z') },
      { id: '1002', amount: 700, placed_at: new Date('2025-03-10T21:00:00Z') },
    ]);
    expect(await db.sql`SELECT order_id, line_no, name, qty, price FROM order_items ORDER BY order_id, line_no`).toEqual([
      { order_id: '1001', line_no: 1, name: 'Капучино', qty: 2, price: 260.25 },
      { order_id: '1001', line_no: 2, name: 'Медовик', qty: 2, price: 315 },
      { order_id: '1002', line_no: 1, name: 'Багет', qty: 1, price: 700 },
    ]);
    const [stats] = await db.sql`SELECT order_count, total_spent, favorite_category FROM customer_stats WHERE customer_id = 'K-1'`;
    expect(stats).toEqual({ order_count: 1, total_spent: 1150.5, favorite_category: 'Десерты' });

    const again = await importFile(db.sql, { kind: 'orders', bytes: file });
    expect(again).toMatchObject({ applied: true, summary: { accepted: 0, duplicate: 2 } });
  });

  it('rolls back the whole orders file when one order refers to an unknown customer', async () => {
    await upsertCustomers(db.sql, [{ id: 'K-1', registeredAt: '2024-01-01' }]);
    const file = utf8('Номер заказа,Код клиента,Дата,Сумма\n2001,K-1,01.04.2025,500\n2002,K-404,01.04.2025,600\n');
    const outcome = await importFile(db.sql, { kind: 'orders', bytes: file });
    expect(outcome.applied).toBe(false);
    if (outcome.applied) return;
    expect(outcome.problems).toEqual([expect.objectContaining({ row: 3, column: 'Код клиента', field: 'customerId' })]);
    expect(await db.sql`SELECT count(*)::int AS n FROM orders`).toEqual([{ n: 0 }]);
    expect(await db.sql`SELECT order_count FROM customer_stats WHERE customer_id = 'K-1'`).toEqual([{ order_count: 0 }]);
  });
});
