import { dayBuckets, orderBuckets, parseEdges, type Bucket } from '../../shared/rfm/buckets';
import { badRequest } from '../api/errors';

/**
 * Bucket edges from the `orders` and `days` query parameters (defaults: seed 000's 1,2,4,9,16 and 24,48,72,96);
 * every problem of both is answered at once as a 400 with the parameter named in `issues`.
 */
export function edgesFromQuery(query: { orders?: string; days?: string }, lang: 'ru' | 'en'): { orders: number[]; days: number[] } {
  const orders = parseEdges('orders', query.orders);
  const days = parseEdges('days', query.days);
  const problems = [...orders.problems, ...days.problems];
  if (problems.length > 0 || !orders.edges || !days.edges) {
    throw badRequest(
      'invalid_edges',
      { ru: problems.map((p) => p.message.ru).join('; '), en: problems.map((p) => p.message.en).join('; ') },
      problems.map((p) => ({ path: p.axis, code: p.code, message: p.message[lang] })),
    );
  }
  return { orders: orders.edges, days: days.edges };
}

/** The matrix cell named by `row` and `col`, or a 400 naming the parameter out of range. */
export function cellOf(edges: { orders: number[]; days: number[] }, row: number, col: number): { row: Bucket; col: Bucket } {
  const rows = orderBuckets(edges.orders);
  const columns = dayBuckets(edges.days);
  const issues = [];
  if (row >= rows.length) issues.push({ path: 'row', code: 'out_of_range', message: `row must be 0–${rows.length - 1}` });
  if (col >= columns.length) issues.push({ path: 'col', code: 'out_of_range', message: `col must be 0–${columns.length - 1}` });
  if (issues.length > 0) {
    throw badRequest(
      'invalid_cell',
      { ru: `Нет такой ячейки: строки 0–${rows.length - 1}, столбцы 0–${columns.length - 1}`, en: `No such cell: rows 0–${rows.length - 1}, columns 0–${columns.length - 1}` },
      issues,
    );
  }
  return { row: rows[row], col: columns[col] };
}
