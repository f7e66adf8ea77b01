import ExcelJS from 'exceljs';
import { Hono } from 'hono';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { tableResponse, type TableFormat } from '../../server/export/table';

interface Row {
  name: string;
  customers: number;
  rate: number | null;
  revenue: number;
  at: Date;
}

const rows: Row[] = [
  { name: 'Вариант «Подарок»', customers: 1234, rate: 12.5, revenue: 98765.4, at: new Date('2026-03-01T21:30:00Z') },
  { name: 'Контроль; "без" сообщений', customers: 7, rate: null, revenue: 0, at: new Date('2026-03-02T08:00:00Z') },
];

function app() {
  const hono = new Hono();
  hono.get('/t', (c) =>
    tableResponse(
      c,
      {
        fileName: 'А/Б отчёт',
        sheet: 'Варианты',
        columns: [
          { key: 'name', title: { ru: 'Вариант', en: 'Variant' } },
          { key: 'customers', title: 'Клиентов', format: 'integer' },
          { key: 'rate', title: 'Конверсия, %', format: 'percent' },
          { key: 'revenue', title: 'Выручка, ₽', format: 'money' },
          { key: 'at', title: 'Вход', format: 'datetime' },
        ],
        rows,
      },
      (c.req.query('format') ?? 'json') as TableFormat,
    ),
  );
  return hono;
}

describe('table export', () => {
  it('CSV opens in Russian Excel: BOM, semicolons, decimal comma, Moscow wall time, quoted separators', async () => {
    const response = await app().request('/t?format=csv');
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('А/Б отчёт.csv')}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const parsed = Papa.parse<string[]>(text.slice(1).trim(), { delimiter: ';' });
    expect(parsed.data).toEqual([
      ['Вариант', 'Клиентов', 'Конверсия, %', 'Выручка, ₽', 'Вход'],
      ['Вариант «Подарок»', '1234', '12,50', '98765,40', '02.03.2026 00:30'],
      ['Контроль; "без" сообщений', '7', '', '0,00', '02.03.2026 11:00'],
    ]);
  });

  it('XLSX has typed cells that parse back to the same numbers', async () => {
    const response = await app().request('/t?format=xlsx');
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet('Варианты')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Вариант', 'Клиентов', 'Конверсия, %', 'Выручка, ₽', 'Вход']);
    const first = sheet.getRow(2);
    expect(first.getCell(2).value).toBe(1234);
    expect(first.getCell(3).value).toBe(0.125);
    expect(first.getCell(3).numFmt).toBe('0.0%');
    expect(first.getCell(4).value).toBe(98765.4);
    expect((first.getCell(5).value as Date).toISOString()).toBe('2026-03-02T00:30:00.000Z');
    expect(sheet.getRow(3).getCell(3).value).toBeNull();
  });

  it('JSON carries the columns in the caller’s language and ISO dates', async () => {
    const response = await app().request('/t', { headers: { 'Accept-Language': 'en-US' } });
    const body = (await response.json()) as { columns: { key: string; title: string }[]; rows: Record<string, unknown>[] };
    expect(body.columns[0]).toEqual({ key: 'name', title: 'Variant', format: 'text' });
    expect(body.rows[1]).toEqual({ name: rows[1].name, customers: 7, rate: null, revenue: 0, at: '2026-03-02T08:00:00.000Z' });
  });
});
