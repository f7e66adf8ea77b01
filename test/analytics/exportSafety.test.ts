import ExcelJS from 'exceljs';
import { Hono } from 'hono';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, errorResponse } from '../../server/api/errors';
import { EXPORT_MAX_ROWS, EXPORTS_AT_ONCE, tableResponse, type Table } from '../../server/export/table';
import { startTestApi, type SignedInClient, type TestApi } from '../support/api';

/**
 * Exports are safe and bounded. Customer names, emails and cities arrive from ingest, so anyone who can create a
 * customer could plant a formula in a marketer's spreadsheet: every export (RFM cell, segment, runs; CSV and
 * XLSX) must hand such text over as text, with the leading `'` OWASP advises, while numbers stay numbers. Large
 * exports are read batch by batch as the client downloads, stop when the client goes away, and have a stated
 * maximum.
 */

const DAY = 86_400_000;

/** Customers sent through POST /api/customers, and which of their text fields a spreadsheet would run. */
const CUSTOMERS: Array<{ record: Record<string, unknown>; hostile: Array<'name' | 'email' | 'city'> }> = [
  { record: { id: 'evil-link', name: '=HYPERLINK("http://evil","x")' }, hostile: ['name'] },
  { record: { id: 'evil-plus', name: '+1+1' }, hostile: ['name'] },
  { record: { id: 'evil-minus', name: '-2+3' }, hostile: ['name'] },
  { record: { id: 'evil-at', name: '@SUM(A1)', city: "=cmd|' /C calc'!A0" }, hostile: ['name', 'city'] },
  { record: { id: 'evil-tab', name: '\t=1' }, hostile: ['name'] },
  { record: { id: 'evil-wide', name: '＝1+1' }, hostile: ['name'] },
  { record: { id: 'evil-mail', name: 'Ольга Петрова', email: '=1+2@evil.ru' }, hostile: ['email'] },
  { record: { id: 'normal', name: 'Анна Иванова', phone: '8 (912) 345-67-89', email: 'anna@example.ru', city: 'Москва' }, hostile: [] },
];
const TEXT_FIELDS = ['name', 'phone', 'email', 'city'] as const;

interface Stored {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  city: string | null;
}

let api: TestApi;
let marketer: SignedInClient;
let stored: Map<string, Stored>;
let segmentId: string;
let scenarioId: string;

beforeAll(async () => {
  api = await startTestApi();
  marketer = await api.loginAs('marketer');
  const integration = await api.withToken(['ingest']);
  const registeredAt = new Date(Date.now() - 400 * DAY).toISOString();
  const customers = await integration.post('/api/customers', CUSTOMERS.map((c) => ({ registeredAt, ...c.record })));
  expect(customers.body.summary).toMatchObject({ accepted: CUSTOMERS.length, rejected: 0 });
  // One order each, 200 days ago: RFM cell «1 order × more than 95 days» with the default buckets.
  const placedAt = new Date(Date.now() - 200 * DAY).toISOString();
  const orders = await integration.post('/api/orders', CUSTOMERS.map((c) => ({ id: `o-${c.record.id}`, customerId: c.record.id, amount: 640, placedAt })));
  expect(orders.body.summary).toMatchObject({ accepted: CUSTOMERS.length, rejected: 0 });
  stored = new Map((await api.sql<Stored[]>`SELECT id, name, phone, email, city FROM customers`).map((c) => [c.id, c]));

  const segment = await marketer.post('/api/segments', { name: 'Один заказ', condition: { all: [{ field: 'orderCount', op: 'eq', value: 1 }] } });
  expect(segment.status).toBe(201);
  segmentId = segment.body.id;

  [{ id: scenarioId }] = await api.sql<{ id: string }[]>`INSERT INTO scenarios (name, draft) VALUES ('Возврат', '{}') RETURNING id`;
  for (const c of CUSTOMERS) {
    const id = String(c.record.id);
    await api.sql`INSERT INTO runs (id, workflow_id, scenario_id, version, customer_id, status, entered_at)
                  VALUES (${`run-${id}`}, ${`run:${scenarioId}:${id}`}, ${scenarioId}, 1, ${id}, 'running', now())`;
  }
});

afterAll(async () => {
  await api?.stop();
});

/** What a cell must hold: the stored text, with a leading `'` where a spreadsheet would run it. */
function expected(id: string, field: (typeof TEXT_FIELDS)[number]): string | null {
  const value = stored.get(id)![field];
  const hostile = CUSTOMERS.find((c) => c.record.id === id)!.hostile as string[];
  if (!hostile.includes(field)) return value;
  // Ingest trims text ("\t=1" is stored as "=1"); whatever it stored must still look like a formula, or this
  // test would prove nothing.
  expect(value).toMatch(/^[=+\-@＝]/);
  return `'${value}`;
}

async function download(path: string): Promise<Response> {
  const response = await fetch(`${api.baseUrl}${path}`, { headers: marketer.authHeaders });
  expect(response.status, path).toBe(200);
  return response;
}

/** Parses the CSV, checks every text column against `expected`, and that numbers came out as numbers. */
async function checkCsv(path: string, columns: Partial<Record<(typeof TEXT_FIELDS)[number], number>>, numbers: Record<number, string> = {}) {
  const text = (await (await download(path)).text()).replace(/^\uFEFF/, '');
  const rows = Papa.parse<string[]>(text, { delimiter: ';', skipEmptyLines: true }).data.slice(1);
  expect(rows.map((r) => r[0]).sort()).toEqual(CUSTOMERS.map((c) => String(c.record.id)).sort());
  for (const row of rows) {
    for (const [field, index] of Object.entries(columns) as Array<[(typeof TEXT_FIELDS)[number], number]>) {
      const want = expected(row[0], field) ?? '';
      expect(row[index], `${row[0]}.${field}`).toBe(want);
      // Neutralised text is quoted in the file itself, so no reader splits or trims it.
      if (want.startsWith("'")) expect(text).toContain(`"${want.replace(/"/g, '""')}"`);
    }
    for (const [index, value] of Object.entries(numbers)) expect(row[Number(index)], `${row[0]} column ${index}`).toBe(value);
  }
  return text;
}

/** Loads the XLSX with exceljs: no cell is a formula, text cells hold `expected`, number columns hold numbers. */
async function checkXlsx(path: string, columns: Partial<Record<(typeof TEXT_FIELDS)[number], number>>, numbers: Record<number, number> = {}) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await (await download(path)).arrayBuffer());
  const sheet = book.worksheets[0];
  const ids: string[] = [];
  sheet.eachRow((row, n) => {
    row.eachCell((cell) => expect(cell.type, `${cell.address} ${String(cell.value)}`).not.toBe(ExcelJS.ValueType.Formula));
    if (n === 1) return;
    const id = String(row.getCell(1).value);
    ids.push(id);
    for (const [field, index] of Object.entries(columns) as Array<[(typeof TEXT_FIELDS)[number], number]>) {
      const cell = row.getCell(index + 1);
      const want = expected(id, field);
      expect(cell.value, `${id}.${field}`).toBe(want);
      if (want !== null) expect(cell.type).toBe(ExcelJS.ValueType.String);
    }
    for (const [index, value] of Object.entries(numbers)) {
      const cell = row.getCell(Number(index) + 1);
      expect(cell.type).toBe(ExcelJS.ValueType.Number);
      expect(cell.value).toBe(value);
    }
  });
  expect(ids.sort()).toEqual(CUSTOMERS.map((c) => String(c.record.id)).sort());
}

// CUSTOMER_COLUMNS: id, name, phone, email, city, card, orders, total spent, …
const CUSTOMER_TEXT = { name: 1, phone: 2, email: 3, city: 4 };

describe('formula-looking text from ingest is neutralised in every export', () => {
  it("an RFM cell's customers", async () => {
    const cell = '/api/rfm/customers?row=0&col=4';
    const csv = await checkCsv(`${cell}&format=csv`, CUSTOMER_TEXT, { 6: '1', 7: '640,00' });
    // A normal customer comes out exactly as before: not quoted, the phone as it is.
    expect(csv).toContain('\r\nnormal;Анна Иванова;+79123456789;anna@example.ru;Москва;regular;1;640,00;640,00;');
    await checkXlsx(`${cell}&format=xlsx`, CUSTOMER_TEXT, { 6: 1, 7: 640 });
  });

  it("a segment's customers", async () => {
    await checkCsv(`/api/segments/${segmentId}/customers?format=csv`, CUSTOMER_TEXT, { 6: '1', 7: '640,00' });
    await checkXlsx(`/api/segments/${segmentId}/customers?format=xlsx`, CUSTOMER_TEXT, { 6: 1, 7: 640 });
  });

  it("a scenario's runs", async () => {
    // RUN_COLUMNS: customer id, customer name, status, version, …
    await checkCsv(`/api/runs?scenarioId=${scenarioId}&format=csv`, { name: 1 }, { 3: '1' });
    await checkXlsx(`/api/runs?scenarioId=${scenarioId}&format=xlsx`, { name: 1 }, { 3: 1 });
  });
});

describe('large exports', () => {
  it('read every matching customer once, in id order, across many ranges of the customer table', async () => {
    // 4,500 more customers with two or three orders (so none of them joins the one-order exports above); every
    // third has three: the segment «three orders» spans the whole table and the export reads it in several ranges.
    await api.sql`
      INSERT INTO customers (id, name, registered_at)
      SELECT 'bulk-' || lpad(i::text, 5, '0'), 'Клиент ' || i, now() - interval '400 days' FROM generate_series(1, 4500) AS i`;
    await api.sql`
      INSERT INTO customer_stats (customer_id, order_count, total_spent, avg_check, first_order_at, last_order_at)
      SELECT 'bulk-' || lpad(i::text, 5, '0'), 2 + (i % 3 = 0)::int, 900, 900 / (2 + (i % 3 = 0)::int), now() - interval '300 days', now() - interval '10 days'
        FROM generate_series(1, 4500) AS i`;
    const segment = await marketer.post('/api/segments', { name: 'Три заказа', condition: { all: [{ field: 'orderCount', op: 'eq', value: 3 }] } });
    const want = (await api.sql<{ id: string }[]>`SELECT customer_id AS id FROM customer_stats WHERE order_count = 3 ORDER BY customer_id COLLATE "C"`).map((r) => r.id);
    expect(want).toHaveLength(1500);
    const text = await (await download(`/api/segments/${segment.body.id}/customers?format=csv`)).text();
    const ids = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimiter: ';', skipEmptyLines: true }).data.slice(1).map((r) => r[0]);
    expect(ids).toEqual(want);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The shared writer on its own, with sources the test controls.

interface Row {
  text: string;
  amount: number;
}

const COLUMNS: Table<Row>['columns'] = [
  { key: 'text', title: 'Текст' },
  { key: 'amount', title: 'Сумма, ₽', format: 'money' },
];

/** A Hono app answering `GET /t?format=…` with `table()`, errors as the API answers them. */
function writerApp(table: () => Table<Row>) {
  const app = new Hono();
  app.onError((error, c) => (error instanceof ApiError ? errorResponse(c, error) : c.text(String(error), 500)));
  app.get('/t', (c) => tableResponse(c, table(), c.req.query('format') as 'csv' | 'xlsx'));
  return app;
}

/** Batches of rows that count how far they were read, and tell when the reader closed them. */
function countedSource(batches: number, rowsPerBatch: number) {
  let closed!: () => void;
  const state = { pulled: 0, closed: new Promise<void>((resolve) => (closed = resolve)) };
  async function* rows(): AsyncGenerator<Row[]> {
    try {
      for (let b = 0; b < batches; b++) {
        state.pulled += 1;
        yield Array.from({ length: rowsPerBatch }, (_, i) => ({ text: `Клиент ${b}-${i} с довольно длинным именем для объёма`, amount: b * 1000 + i }));
      }
    } finally {
      closed();
    }
  }
  return { state, rows: rows() };
}

describe('the export writer', () => {
  const CASES: Array<[string, string]> = [
    ['+79123456789', '+79123456789'], // a phone number: sign and digits, read as a number, never run
    ['-150', '-150'],
    ['1-2', '1-2'],
    ['a=b', 'a=b'],
    ['=1+1', "'=1+1"],
    ['-', "'-"],
    ['+7 912 345-67-89', "'+7 912 345-67-89"],
    ['  =1+1', "'  =1+1"], // leading whitespace is looked through
    ['\t1', "'\t1"], // TAB and CR are triggers on their own
    ['\r1', "'\r1"],
    ['＝1+1', "'＝1+1"], // full-width = + - @
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠x', "'＠x"],
  ];
  const rows = CASES.map(([text], i) => ({ text, amount: i === 0 ? -150 : i }));
  const app = writerApp(() => ({ fileName: 'Проверка', sheet: 'Лист', columns: COLUMNS, rows }));

  it('neutralises every formula trigger, leaves plain text and numbers alone, in CSV', async () => {
    const text = (await (await app.request('/t?format=csv')).text()).replace(/^\uFEFF/, '');
    const parsed = Papa.parse<string[]>(text, { delimiter: ';' }).data.slice(1, 1 + CASES.length);
    expect(parsed.map((r) => r[0])).toEqual(CASES.map(([, out]) => out));
    // A negative amount is written by us from a number: a number for Excel, not text and not quoted.
    expect(text.split('\r\n')[1]).toBe('+79123456789;-150,00');
  });

  it('writes text as string cells (never formulas) with the same neutralising, and numbers as numbers, in XLSX', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await (await app.request('/t?format=xlsx')).arrayBuffer());
    const sheet = book.worksheets[0];
    CASES.forEach(([, out], i) => {
      const cell = sheet.getRow(i + 2).getCell(1);
      expect(cell.type, out).toBe(ExcelJS.ValueType.String);
      // XML reads a bare CR as a line feed.
      expect(cell.value).toBe(out.replace('\r', '\n'));
    });
    expect(sheet.getRow(2).getCell(2).type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getRow(2).getCell(2).value).toBe(-150);
  });

  it(`refuses an export above ${EXPORT_MAX_ROWS.toLocaleString('en')} rows up front, naming the limit, without reading a row`, async () => {
    const source = countedSource(1, 1);
    const big = writerApp(() => ({ fileName: 'x', sheet: 'x', columns: COLUMNS, rows: source.rows, total: EXPORT_MAX_ROWS + 1 }));
    for (const format of ['csv', 'xlsx']) {
      const response = await big.request(`/t?format=${format}`);
      expect(response.status).toBe(413);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('export_too_large');
      expect(body.error.message).toContain((1_000_000).toLocaleString('ru-RU'));
    }
    const english = await big.request('/t?format=csv', { headers: { 'Accept-Language': 'en' } });
    expect(((await english.json()) as { error: { message: string } }).error.message).toContain('1,000,000');
    expect(source.state.pulled).toBe(0);
  });

  it.each(['csv', 'xlsx'])('%s: the file starts arriving before the rows are all read, and a client that goes away stops the reading', async (format) => {
    // 200 batches of 1,000 rows: tens of megabytes of text, far more than the writer may hold.
    const source = countedSource(200, 1_000);
    const streamed = writerApp(() => ({ fileName: 'x', sheet: 'x', columns: COLUMNS, rows: source.rows }));
    const reader = (await streamed.request(`/t?format=${format}`)).body!.getReader();
    for (let received = 0; received < 100_000; ) {
      const chunk = await reader.read();
      expect(chunk.done).toBe(false);
      received += chunk.value!.length;
    }
    // The source yields without ever waiting, so a writer that did not wait for its reader would have read all 200
    // batches before the first byte went out.
    expect(source.state.pulled).toBeGreaterThan(0);
    expect(source.state.pulled).toBeLessThan(200);
    await reader.cancel();
    await source.state.closed;
    expect(source.state.pulled).toBeLessThan(200);
  });

  it(`runs at most ${EXPORTS_AT_ONCE} exports at once; the next is refused with Retry-After until one ends or its client goes away; HEAD takes no slot`, async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    async function* slow(): AsyncGenerator<Row[]> {
      await released;
      yield [{ text: 'готово', amount: 1 }];
    }
    const busy = writerApp(() => ({ fileName: 'x', sheet: 'x', columns: COLUMNS, rows: slow() }));
    // HEAD answers the headers and starts no file, so it takes no slot (Hono would drop the body unread).
    for (let i = 0; i <= EXPORTS_AT_ONCE; i++) {
      const head = await busy.request('/t?format=xlsx', { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-disposition')).toContain('.xlsx');
    }
    const running = await Promise.all(Array.from({ length: EXPORTS_AT_ONCE }, (_, i) => busy.request(`/t?format=${i % 2 ? 'xlsx' : 'csv'}`)));
    expect(running.map((r) => r.status)).toEqual(running.map(() => 200));
    const refused = await busy.request('/t?format=csv');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('exports_busy');

    await running[0].body!.cancel();
    const next = await busy.request('/t?format=csv');
    expect(next.status).toBe(200);
    expect((await busy.request('/t?format=csv')).status).toBe(429);

    release();
    const texts = await Promise.all([next, ...running.slice(1)].map((r) => r.arrayBuffer()));
    expect(texts).toHaveLength(EXPORTS_AT_ONCE);
    const after = await busy.request('/t?format=csv');
    expect(after.status).toBe(200);
    await after.arrayBuffer();
  });
});
