import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayBuckets, orderBuckets } from '../../shared/rfm/buckets';
import { generateDemoData } from '../../server/demo/generate';
import { startTestApi, type SignedInClient, type TestApi } from '../support/api';

/**
 * The RFM matrix against the raw tables: for a generated shop, every cell must hold exactly the customers, orders
 * and revenue that a straightforward query over `orders` gives, and a cell's customer list (paged or exported)
 * must be exactly those customers.
 */

interface Reference {
  customers: number;
  orders: number;
  revenue: number;
}

let api: TestApi;
let marketer: SignedInClient;

beforeAll(async () => {
  api = await startTestApi();
  await generateDemoData(api.sql, { customers: 800, seed: 5, now: new Date() });
  // Customers who never ordered are reported apart, not in the matrix.
  await api.sql`INSERT INTO customers (id, name, registered_at) VALUES ('no-orders-1', 'Без заказов', now()), ('no-orders-2', 'Без заказов 2', now())`;
  marketer = await api.loginAs('marketer');
});

afterAll(async () => {
  await api?.stop();
});

/** Per cell, straight from orders: each customer's count, spend and last order, bucketed by plain comparisons. */
async function referenceGrid(orderEdges: number[], dayEdges: number[], asOf: string, on: TestApi = api): Promise<Reference[][]> {
  const perCustomer = await on.sql<{ n: number; spent: number; days: number }[]>`
    SELECT count(*)::int AS n, sum(o.amount) AS spent,
           extract(epoch FROM (${asOf}::timestamptz - max(o.placed_at)))::float8 / 86400 AS days
      FROM orders o GROUP BY o.customer_id`;
  const rows = orderBuckets(orderEdges);
  const cols = dayBuckets(dayEdges);
  const grid = rows.map(() => cols.map(() => ({ customers: 0, orders: 0, revenue: 0 })));
  for (const c of perCustomer) {
    const r = rows.findIndex((b) => c.n >= b.min && (b.max === null || c.n < b.max));
    const k = cols.findIndex((b) => (b.index === 0 || c.days >= b.min) && (b.max === null || c.days < b.max));
    if (r < 0) continue;
    grid[r][k].customers += 1;
    grid[r][k].orders += c.n;
    grid[r][k].revenue += c.spent;
  }
  return grid;
}

describe('GET /api/rfm', () => {
  it.each([
    ['seed 000 buckets (defaults)', '', [1, 2, 4, 9, 16], [24, 48, 72, 96]],
    ['custom buckets', '?orders=2,5,10&days=7,30,90,180,365', [2, 5, 10], [7, 30, 90, 180, 365]],
  ])('%s: every cell equals a direct count over orders', async (_name, query, orderEdges, dayEdges) => {
    const res = await marketer.get(`/api/rfm${query}`);
    expect(res.status).toBe(200);
    const m = res.body;
    expect(m.edges).toEqual({ orders: orderEdges, days: dayEdges });
    const reference = await referenceGrid(orderEdges, dayEdges, m.asOf);
    expect(m.cells).toHaveLength(orderEdges.length * (dayEdges.length + 1));
    let customers = 0;
    let orders = 0;
    let revenue = 0;
    for (const cell of m.cells) {
      const ref = reference[cell.row][cell.col];
      expect({ row: cell.row, col: cell.col, customers: cell.customers, orders: cell.orders }).toEqual({ row: cell.row, col: cell.col, customers: ref.customers, orders: ref.orders });
      expect(cell.revenue).toBeCloseTo(ref.revenue, 2);
      customers += ref.customers;
      orders += ref.orders;
      revenue += ref.revenue;
    }
    // The demo shop spreads customers over many cells; a matrix with everything in one cell would prove little.
    expect(m.cells.filter((c: { customers: number }) => c.customers > 0).length).toBeGreaterThan(m.cells.length / 2);
    expect(m.total.customers).toBe(customers);
    expect(m.total.orders).toBe(orders);
    expect(m.total.revenue).toBeCloseTo(revenue, 2);
    const busiest = m.cells.reduce((a: any, b: any) => (b.orders > a.orders ? b : a));
    expect(busiest.salesShare).toBeCloseTo((busiest.orders / orders) * 100, 2);
    expect(busiest.avgCheck).toBeCloseTo(busiest.revenue / busiest.orders, 2);
    for (const total of m.rowTotals) {
      const line = m.cells.filter((c: { row: number }) => c.row === total.row);
      expect(total.customers).toBe(line.reduce((s: number, c: { customers: number }) => s + c.customers, 0));
    }
    for (const total of m.columnTotals) {
      const line = m.cells.filter((c: { col: number }) => c.col === total.col);
      expect(total.orders).toBe(line.reduce((s: number, c: { orders: number }) => s + c.orders, 0));
    }
    const [{ everyone, buyers }] = await api.sql<{ everyone: number; buyers: number }[]>`
      SELECT (SELECT count(*) FROM customers)::int AS everyone, (SELECT count(DISTINCT customer_id) FROM orders)::int AS buyers`;
    expect(m.withoutOrders.customers).toBe(everyone - buyers);
    expect(m.withoutOrders.customers + m.belowFirstEdge.customers + m.total.customers).toBe(everyone);
  });

  it('labels the buckets as seed 000 does and marks the sleeping, leaving and promising regions', async () => {
    const { body: m } = await marketer.get('/api/rfm');
    expect(m.rows.map((r: { label: string }) => r.label)).toEqual(['1', '2–3', '4–8', '9–15', '16+']);
    expect(m.columns.map((c: { label: string }) => c.label)).toEqual(['< 24', '24–47', '48–71', '72–95', '> 95']);
    const region = (row: number, col: number) => m.cells.find((c: any) => c.row === row && c.col === col).region;
    expect(region(1, 4)).toBe('sleeping');
    expect(region(4, 4)).toBe('sleeping');
    expect(region(2, 2)).toBe('leaving');
    expect(region(1, 1)).toBe('promising');
    expect(region(0, 4)).toBeNull();
    expect(region(4, 0)).toBeNull();
  });

  it('exports the matrix cells to Excel', async () => {
    const res = await fetch(`${api.baseUrl}/api/rfm?format=xlsx`, { headers: marketer.authHeaders });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('Количество заказов');
    expect(sheet.rowCount).toBe(1 + 25);
  });

  it('refuses bad bucket edges, naming the parameter and the problem', async () => {
    const cases: Array<[string, string, string]> = [
      ['orders=1,3,3', 'orders', 'rfm.edges_not_increasing'],
      ['orders=0,2', 'orders', 'rfm.orders_start'],
      ['days=30,10', 'days', 'rfm.edges_not_increasing'],
      ['days=1.5,7', 'days', 'rfm.edge_not_integer'],
      ['days=abc', 'days', 'rfm.edge_not_integer'],
      ['days=1,2,3,4,5,6,7,8,9,10,11', 'days', 'rfm.too_many_edges'],
    ];
    for (const [query, path, code] of cases) {
      const res = await marketer.get(`/api/rfm?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('invalid_edges');
      expect(res.body.error.issues).toEqual([expect.objectContaining({ path, code })]);
      expect(res.body.error.message).toMatch(/Границы/);
    }
    const both = await marketer.get('/api/rfm?orders=2,1&days=0', { headers: { 'Accept-Language': 'en' } });
    expect(both.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['orders', 'days']);
    expect(both.body.error.message).toMatch(/Order count edges: .*; Days-since-last-purchase edges/);
    const cell = await marketer.get('/api/rfm/customers?row=5&col=0');
    expect(cell.status).toBe(400);
    expect(cell.body.error.issues).toEqual([expect.objectContaining({ path: 'row' })]);
  });
});

describe('GET /api/rfm/customers', () => {
  it("pages through exactly the cell's customers, and exports all of them to Excel and CSV", async () => {
    const { body: m } = await marketer.get('/api/rfm?orders=1,2,4&days=30,90');
    const cell = m.cells.filter((c: { customers: number }) => c.customers > 0).sort((a: any, b: any) => b.customers - a.customers)[0];
    const query = `orders=1,2,4&days=30,90&row=${cell.row}&col=${cell.col}`;
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: any = await marketer.get(`/api/rfm/customers?${query}&limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      for (const c of res.body.customers) {
        const row = m.rows[cell.row];
        const col = m.columns[cell.col];
        expect(c.orderCount).toBeGreaterThanOrEqual(row.min);
        if (row.max !== null) expect(c.orderCount).toBeLessThan(row.max);
        if (col.max !== null) expect(c.daysSinceLastOrder).toBeLessThan(col.max);
        expect(c.daysSinceLastOrder).toBeGreaterThanOrEqual(Math.floor(col.min));
        ids.push(c.id);
      }
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBeGreaterThan(1);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(cell.customers);
    expect([...ids].sort()).toEqual(ids);

    const xlsx = await fetch(`${api.baseUrl}/api/rfm/customers?${query}&format=xlsx`, { headers: marketer.authHeaders });
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect(decodeURIComponent(xlsx.headers.get('content-disposition') ?? '')).toContain('RFM');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('ID клиента');
    const exported: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) exported.push(String(row.getCell(1).value));
    });
    expect(exported).toEqual(ids);
    expect(typeof sheet.getRow(2).getCell(7).value).toBe('number');

    const csv = await fetch(`${api.baseUrl}/api/rfm/customers?${query}&format=csv`, { headers: marketer.authHeaders });
    const parsed = Papa.parse<string[]>((await csv.text()).replace(/^\uFEFF/, ''), { delimiter: ';', skipEmptyLines: true });
    expect(parsed.data[0][0]).toBe('ID клиента');
    expect(parsed.data.slice(1).map((r) => r[0])).toEqual(ids);
  });
});

describe('access', () => {
  it('lets marketers and analysts read the matrix and segments, and refuses support', async () => {
    const analyst = await api.loginAs('analyst');
    const support = await api.loginAs('support');
    for (const path of ['/api/rfm', '/api/rfm/customers?row=0&col=0', '/api/rfm/reactivation', '/api/segments']) {
      expect((await marketer.get(path)).status, path).toBe(200);
      expect((await analyst.get(path)).status, path).toBe(200);
      expect((await support.get(path)).status, path).toBe(403);
      expect((await api.get(path)).status, path).toBe(401);
    }
    const condition = { field: 'orderCount', op: 'gte', value: 3 };
    expect((await analyst.post('/api/segments', { name: 'Аналитик пишет', condition })).status).toBe(403);
    expect((await support.post('/api/segments', { name: 'Поддержка пишет', condition })).status).toBe(403);
  });
});
