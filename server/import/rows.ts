import { setImmediate } from 'node:timers/promises';
import { describeIssue } from '../ingest/issues';
import { CustomerRecordSchema, OrderRecordSchema, type CustomerRecord, type OrderRecord } from '../ingest/records';
import type { ColumnMapping, ColumnSpec } from './columns';
import type { TableHeader, TableRow, TableStream } from './table';
import { cellText, isBlank, parseBoolean, parseDateTime, parseDecimal, type Cell } from './values';

/** A problem with one row of an import file, for the marketer who uploaded it. */
export interface RowProblem {
  /** Row number as the spreadsheet shows it (the header is usually row 1). */
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
const DATE_FIELDS = new Set(['registeredAt', 'placedAt', 'consentAt']);
const NUMBER_FIELDS = new Set(['amount', 'bonusSpent', 'item.qty', 'item.price']);

/** A mapped column: its place in a table row's cells, its place in the file, and what it fills. */
interface MappedColumn {
  slot: number;
  index: number;
  spec: ColumnSpec;
}

function mappedColumns(table: TableHeader, mapping: ColumnMapping): MappedColumn[] {
  return table.columns.flatMap((index, slot) => {
    const spec = mapping.columns.get(index);
    return spec ? [{ slot, index, spec }] : [];
  });
}

/** Reads one row's cells into plain values by field, recording cells that cannot be understood. */
function readRow(cells: Cell[], columns: MappedColumn[], mapping: ColumnMapping, row: number, timeZone: string, problems: RowProblem[]): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const { slot, index, spec } of columns) {
    const cell = cells[slot] ?? null;
    if (isBlank(cell)) continue;
    const value = fieldValue(cell, spec.field, timeZone);
    if (value instanceof CellProblem) problems.push({ row, column: mapping.headers[index], field: spec.field, message: value.en, messageRu: value.ru });
    else values.set(spec.field, value);
  }
  return values;
}

class CellProblem {
  constructor(
    readonly en: string,
    readonly ru: string,
  ) {}
}

/** A non-blank cell as the value of its field, or why it cannot be one. */
function fieldValue(cell: Cell, field: string, timeZone: string): unknown {
  if (BOOLEAN_FIELDS.has(field)) {
    return parseBoolean(cell) ?? new CellProblem(`"${cellText(cell)}" is not yes/no`, `«${cellText(cell)}» — ожидается «да» или «нет»`);
  }
  if (DATE_FIELDS.has(field)) {
    return parseDateTime(cell, timeZone) ?? new CellProblem(`"${cellText(cell)}" is not a date (expected dd.mm.yyyy or dd.mm.yyyy hh:mm)`, `«${cellText(cell)}» — не дата (ожидается дд.мм.гггг или дд.мм.гггг чч:мм)`);
  }
  if (field === 'birthDate') {
    // A calendar date, no time or zone: read as midnight UTC and kept as its day.
    return parseDateTime(cell, 'UTC')?.slice(0, 10) ?? new CellProblem(`"${cellText(cell)}" is not a date (expected dd.mm.yyyy)`, `«${cellText(cell)}» — не дата (ожидается дд.мм.гггг)`);
  }
  if (NUMBER_FIELDS.has(field)) {
    return parseDecimal(cell) ?? new CellProblem(`"${cellText(cell)}" is not a number`, `«${cellText(cell)}» — не число`);
  }
  if (field === 'tags') {
    return cellText(cell)!
      .split(/[,;]/)
      .map((tag) => tag.trim())
      .filter(Boolean);
  }
  if (field === 'cardType') {
    const text = cellText(cell)!.toLowerCase();
    if (/^(vip|вип|золотая|gold)$/.test(text)) return 'vip';
    if (/^(regular|обычная|стандартная|стандарт|базовая)$/.test(text)) return 'regular';
    return new CellProblem(`"${cellText(cell)}" is not a card type (VIP or regular)`, `«${cellText(cell)}» — неизвестный тип карты (VIP или обычная)`);
  }
  return cellText(cell);
}

/** The stream's rows one by one, with a turn of the event loop every few thousand, so the server answers others meanwhile. */
async function* eachRow(table: TableStream): AsyncGenerator<TableRow> {
  let n = 0;
  for await (const batch of table.batches) {
    for (const row of batch) {
      if (++n % 2000 === 0) await setImmediate();
      yield row;
    }
  }
}

/** Turns a schema issue on a record field into the column it came from. */
export function columnOfField(field: string, mapping: ColumnMapping): string | null {
  const key = field.startsWith('items.') ? `item.${field.split('.').slice(2).join('.')}` : field.startsWith('tags.') ? 'tags' : field;
  for (const [i, s] of mapping.columns) if (s.field === key) return mapping.headers[i];
  return null;
}

/** The records of `records` in arrays of `size` (the last one shorter), each handed over as soon as it is full. */
export async function* inChunks<T>(records: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  for await (const record of records) {
    chunk.push(record);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Checks the customers' rows in file order and yields each good record as soon as it is checked, so a writer can
 * apply them while the rest is being read. Problems go to `problems` as they are found; a caller must not keep what
 * it applied once there is one.
 */
export async function* customerRecords(table: TableStream, mapping: ColumnMapping, timeZone: string, problems: RowProblem[]): AsyncGenerator<RowRecord<CustomerRecord>> {
  const firstRow = new Map<string, number>();
  const columns = mappedColumns(table, mapping);
  for await (const { row, cells } of eachRow(table)) {
    if (cells.every(isBlank)) continue;
    const before = problems.length;
    const values = readRow(cells, columns, mapping, row, timeZone, problems);
    if (problems.length > before) continue;
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
      continue;
    }
    const seen = firstRow.get(parsed.data.id);
    if (seen !== undefined) {
      problems.push({ row, column: columnOfField('id', mapping), field: 'id', message: `customer ${parsed.data.id} is already in row ${seen}`, messageRu: `клиент ${parsed.data.id} уже есть в строке ${seen}` });
      continue;
    }
    firstRow.set(parsed.data.id, row);
    yield { row, record: parsed.data };
  }
}

/**
 * Orders: one row per order, or one row per order line (rows with the same order number are lines of one order;
 * their order-level cells must agree). Without an amount column, the amount is the sum of the lines. The lines of one
 * order may be anywhere in the file, so orders are yielded only once every row is read; problems go to `problems`,
 * as for customers.
 */
export async function* orderRecords(table: TableStream, mapping: ColumnMapping, timeZone: string, problems: RowProblem[]): AsyncGenerator<RowRecord<OrderRecord>> {
  const groups = new Map<string, { row: number; order: Record<string, unknown>; items: Record<string, unknown>[]; itemRows: number[] }>();
  const hasItems = [...mapping.columns.values()].some((s) => s.field.startsWith('item.'));
  const hasAmount = [...mapping.columns.values()].some((s) => s.field === 'amount');
  if (!hasAmount && !hasItems) {
    problems.push({ row: table.headerRow, column: null, field: 'amount', message: 'an amount column (or item price and quantity columns) is required', messageRu: 'нужна колонка «Сумма» (или колонки «Цена» и «Количество» по строкам товаров)' });
    return;
  }
  const columns = mappedColumns(table, mapping);
  for await (const { row, cells } of eachRow(table)) {
    if (cells.every(isBlank)) continue;
    const before = problems.length;
    const values = readRow(cells, columns, mapping, row, timeZone, problems);
    if (problems.length > before) continue;
    const id = values.get('id') as string | undefined;
    if (!id) {
      problems.push({ row, column: columnOfField('id', mapping), field: 'id', message: 'is required', messageRu: 'обязательное поле' });
      continue;
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
      continue;
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
  }

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
    yield { row: group.row, record: parsed.data };
  }
}
