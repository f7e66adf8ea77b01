import { describeIssue } from '../ingest/issues';
import { CustomerRecordSchema, OrderRecordSchema, type CustomerRecord, type OrderRecord } from '../ingest/records';
import type { ColumnMapping, ColumnSpec } from './columns';
import type { Table } from './read';
import { cellText, isBlank, parseBoolean, parseDateTime, parseDecimal, type Cell } from './values';

/** A problem with one row of an import file, for the marketer who uploaded it. */
export interface RowProblem {
  /** Spreadsheet row number (the header is row 1). */
  row: number;
  /** The column header as it appears in the file, when the problem is about one cell. */
  column: string | null;
  field: string | null;
  message: string;
  messageRu: string;
}

export interface RowRecord<T> {
  row: number;
  record: T;
}

const BOOLEAN_FIELDS = new Set(['subscriptions.sms', 'subscriptions.email', 'subscriptions.telegram', 'subscriptions.push']);
const DATE_FIELDS = new Set(['registeredAt', 'placedAt']);
const NUMBER_FIELDS = new Set(['amount', 'bonusSpent', 'item.qty', 'item.price']);

/** Reads one row's cells into plain values by field, recording cells that cannot be understood. */
function readRow(cells: Cell[], mapping: ColumnMapping, row: number, timeZone: string, problems: RowProblem[]): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const [index, spec] of mapping.columns) {
    const cell = cells[index] ?? null;
    if (isBlank(cell)) continue;
    const fail = (en: string, ru: string) => problems.push({ row, column: headerOf(spec, mapping, index), field: spec.field, message: en, messageRu: ru });
    if (BOOLEAN_FIELDS.has(spec.field)) {
      const value = parseBoolean(cell);
      if (value === null) fail(`"${cellText(cell)}" is not yes/no`, `«${cellText(cell)}» — ожидается «да» или «нет»`);
      else values.set(spec.field, value);
    } else if (DATE_FIELDS.has(spec.field)) {
      const value = parseDateTime(cell, timeZone);
      if (value === null) fail(`"${cellText(cell)}" is not a date (expected dd.mm.yyyy or dd.mm.yyyy hh:mm)`, `«${cellText(cell)}» — не дата (ожидается дд.мм.гггг или дд.мм.гггг чч:мм)`);
      else values.set(spec.field, value);
    } else if (NUMBER_FIELDS.has(spec.field)) {
      const value = parseDecimal(cell);
      if (value === null) fail(`"${cellText(cell)}" is not a number`, `«${cellText(cell)}» — не число`);
      else values.set(spec.field, value);
    } else if (spec.field === 'cardType') {
      const text = cellText(cell)!.toLowerCase();
      if (/^(vip|вип|золотая|gold)$/.test(text)) values.set('cardType', 'vip');
      else if (/^(regular|обычная|стандартная|стандарт|базовая)$/.test(text)) values.set('cardType', 'regular');
      else fail(`"${cellText(cell)}" is not a card type (VIP or regular)`, `«${cellText(cell)}» — неизвестный тип карты (VIP или обычная)`);
    } else {
      values.set(spec.field, cellText(cell));
    }
  }
  return values;
}

function headerOf(spec: ColumnSpec, mapping: ColumnMapping, index?: number): string {
  if (index !== undefined) return mapping.headers[index];
  for (const [i, s] of mapping.columns) if (s.field === spec.field) return mapping.headers[i];
  return spec.title;
}

/** Turns a schema issue on a record field into the column it came from. */
export function columnOfField(field: string, mapping: ColumnMapping): string | null {
  const key = field.startsWith('items.') ? `item.${field.split('.').slice(2).join('.')}` : field;
  for (const [i, s] of mapping.columns) if (s.field === key) return mapping.headers[i];
  return null;
}

export function customersFromTable(table: Table, mapping: ColumnMapping, timeZone: string): { records: RowRecord<CustomerRecord>[]; problems: RowProblem[] } {
  const records: RowRecord<CustomerRecord>[] = [];
  const problems: RowProblem[] = [];
  const firstRow = new Map<string, number>();
  table.rows.forEach((cells, i) => {
    const row = i + 2;
    if (cells.every(isBlank)) return;
    const before = problems.length;
    const values = readRow(cells, mapping, row, timeZone, problems);
    if (problems.length > before) return;
    const raw: Record<string, unknown> = {};
    const subscriptions: Record<string, unknown> = {};
    for (const [field, value] of values) {
      if (field.startsWith('subscriptions.')) subscriptions[field.slice('subscriptions.'.length)] = value;
      else raw[field] = value;
    }
    if (Object.keys(subscriptions).length > 0) raw.subscriptions = subscriptions;
    const parsed = CustomerRecordSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues.map(describeIssue)) problems.push({ row, column: columnOfField(issue.field, mapping), ...issue });
      return;
    }
    const seen = firstRow.get(parsed.data.id);
    if (seen !== undefined) {
      problems.push({ row, column: columnOfField('id', mapping), field: 'id', message: `customer ${parsed.data.id} is already in row ${seen}`, messageRu: `клиент ${parsed.data.id} уже есть в строке ${seen}` });
      return;
    }
    firstRow.set(parsed.data.id, row);
    records.push({ row, record: parsed.data });
  });
  return { records, problems };
}

/**
 * Orders: one row per order, or one row per order line (rows with the same order number are lines of one order;
 * their order-level cells must agree). Without an amount column, the amount is the sum of the lines.
 */
export function ordersFromTable(table: Table, mapping: ColumnMapping, timeZone: string): { records: RowRecord<OrderRecord>[]; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const groups = new Map<string, { row: number; order: Record<string, unknown>; items: Record<string, unknown>[]; itemRows: number[] }>();
  const hasItems = [...mapping.columns.values()].some((s) => s.field.startsWith('item.'));
  const hasAmount = [...mapping.columns.values()].some((s) => s.field === 'amount');
  if (!hasAmount && !hasItems) {
    problems.push({ row: 1, column: null, field: 'amount', message: 'an amount column (or item price and quantity columns) is required', messageRu: 'нужна колонка «Сумма» (или колонки «Цена» и «Количество» по строкам товаров)' });
    return { records: [], problems };
  }
  table.rows.forEach((cells, i) => {
    const row = i + 2;
    if (cells.every(isBlank)) return;
    const before = problems.length;
    const values = readRow(cells, mapping, row, timeZone, problems);
    if (problems.length > before) return;
    const id = values.get('id') as string | undefined;
    if (!id) {
      problems.push({ row, column: columnOfField('id', mapping), field: 'id', message: 'is required', messageRu: 'обязательное поле' });
      return;
    }
    const order: Record<string, unknown> = {};
    const item: Record<string, unknown> = {};
    for (const [field, value] of values) {
      if (field.startsWith('item.')) item[field.slice('item.'.length)] = value;
      else order[field] = value;
    }
    const group = groups.get(id);
    if (!group) {
      const withItem = Object.keys(item).length > 0;
      groups.set(id, { row, order, items: withItem ? [item] : [], itemRows: withItem ? [row] : [] });
      return;
    }
    for (const field of ['customerId', 'amount', 'placedAt', 'bonusSpent']) {
      if (order[field] !== undefined && group.order[field] !== undefined && order[field] !== group.order[field]) {
        problems.push({
          row, column: columnOfField(field, mapping), field,
          message: `differs from row ${group.row} of the same order ${id}`,
          messageRu: `не совпадает со строкой ${group.row} того же заказа ${id}`,
        });
      }
      if (group.order[field] === undefined && order[field] !== undefined) group.order[field] = order[field];
    }
    if (Object.keys(item).length > 0) {
      group.items.push(item);
      group.itemRows.push(row);
    }
  });

  const records: RowRecord<OrderRecord>[] = [];
  for (const group of groups.values()) {
    const raw: Record<string, unknown> = { ...group.order };
    if (group.items.length > 0) {
      raw.items = group.items.map((it) => ({ ...it, sku: it.sku ?? it.name, qty: it.qty ?? 1 }));
      if (raw.amount === undefined) {
        raw.amount = Math.round(group.items.reduce((sum, it) => sum + Number(it.qty ?? 1) * Number(it.price ?? 0), 0) * 100) / 100;
      }
    }
    const parsed = OrderRecordSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues.map(describeIssue)) {
        // An item issue points at the row of that line; an order issue at the order's first row.
        const line = issue.field.startsWith('items.') ? Number(issue.field.split('.')[1]) : -1;
        const row = line >= 0 ? (group.itemRows[line] ?? group.row) : group.row;
        problems.push({ row, column: columnOfField(issue.field, mapping), ...issue });
      }
      continue;
    }
    records.push({ row: group.row, record: parsed.data });
  }
  return { records, problems };
}
