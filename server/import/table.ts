import { IMPORT_LIMITS, refuse, UnreadableFileError } from './limits';
import { isBlank, type Cell } from './values';

export interface TableRow {
  /** Row number as the spreadsheet shows it (1-based). */
  row: number;
  /** Values of the kept columns: `cells[k]` is file column `table.columns[k]`. */
  cells: Cell[];
}

export interface TableHeader {
  /** The header row (the first row with a value), trimmed; '' for an empty header cell. */
  headers: string[];
  headerRow: number;
  /** The 0-based file columns kept, in the order of every row's `cells`. */
  columns: number[];
}

export interface Table extends TableHeader {
  /** Data rows: rows below the header with at least one value, in file order. */
  rows: TableRow[];
}

/** A table read as it is needed: the data rows come in batches, each read only when the one before was taken. */
export interface TableStream extends TableHeader {
  batches: AsyncGenerator<TableRow[]>;
  /** Data rows read so far; all of them once `batches` is done. */
  readonly rowCount: number;
}

/** Chooses the columns to keep once the headers are known; the other cells are checked against the limits and dropped. */
export type ColumnPicker = (headers: string[]) => number[];

const NO_CELLS: Cell[] = [];
const SHARED_VALUES = 1000;

/**
 * Builds a table from the cells of a file as they are read, enforcing the row, column and cell limits on the way.
 * Blank cells cost nothing, so a sheet that declares a million empty rows is as cheap as an empty one.
 */
export class TableBuilder {
  private headers: string[] | null = null;
  private headerRow = 0;
  private headerCells: string[] = [];
  private columns: number[] = [];
  /** File column → its index in `cells`, for kept columns. */
  private slots: number[] = [];
  /** Data rows read and not yet taken. */
  private rows: TableRow[] = [];
  private rowCount = 0;
  /** Per kept column, its distinct texts while they are few. */
  private values: (Map<string, string> | null)[] = [];
  private row = 0;
  private cells: Cell[] | null = null;
  private hasValue = false;

  constructor(private readonly pick: ColumnPicker = (headers) => headers.map((_, i) => i)) {}

  /** One cell (row 1-based, column 0-based); rows must come in ascending order, a row's cells in any order. */
  cell(row: number, column: number, value: Cell): void {
    if (isBlank(value)) return;
    if (row !== this.row) {
      if (row < this.row) throw new UnreadableFileError(`The file cannot be read: row ${row} comes after row ${this.row}`, `Файл не читается: строка ${row} идёт после строки ${this.row}`);
      this.endRow();
      this.row = row;
    }
    if (column >= IMPORT_LIMITS.columns) throw refuse.columns(row, column);
    if (typeof value === 'string' && value.length > IMPORT_LIMITS.cellChars) throw refuse.cellChars(row, column);
    this.hasValue = true;
    if (this.headers === null) {
      this.headerCells[column] = detached(String(value).trim());
      return;
    }
    const slot = this.slots[column];
    if (slot === undefined) return;
    this.cells ??= new Array<Cell>(this.columns.length).fill(null);
    this.cells[slot] = typeof value === 'string' ? this.shared(slot, value) : value;
  }

  /**
   * A kept text, as its own copy or, in a column of few distinct values (cities, yes/no, dates), as the one copy
   * all its rows share; a column past `SHARED_VALUES` distinct values stops sharing.
   */
  private shared(slot: number, text: string): string {
    const values = this.values[slot];
    if (values === null) return detached(text);
    let value = values.get(text);
    if (value === undefined) {
      value = detached(text);
      if (values.size < SHARED_VALUES) values.set(value, value);
      else this.values[slot] = null;
    }
    return value;
  }

  /** The header, once the first row with a value has ended. */
  header(): TableHeader | null {
    return this.headers === null ? null : { headers: this.headers, headerRow: this.headerRow, columns: this.columns };
  }

  /** The data rows read since the last call, handed over: the builder keeps none of them. */
  take(): TableRow[] {
    const rows = this.rows;
    this.rows = [];
    return rows;
  }

  /** Data rows read so far, taken or not. */
  get count(): number {
    return this.rowCount;
  }

  /** Ends the last row: call once the file (or a sheet) is read to its end. */
  endRow() {
    if (!this.hasValue) return;
    if (this.headers === null) {
      this.headers = Array.from(this.headerCells, (h) => h ?? '');
      this.headerRow = this.row;
      this.columns = this.pick(this.headers);
      this.columns.forEach((column, slot) => (this.slots[column] = slot));
      this.values = this.columns.map(() => new Map());
    } else {
      if (this.rowCount >= IMPORT_LIMITS.rows) throw refuse.rows();
      this.rowCount += 1;
      this.rows.push({ row: this.row, cells: this.cells ?? NO_CELLS });
    }
    this.cells = null;
    this.hasValue = false;
  }
}

/**
 * V8 keeps a substring as a view into the string it was cut from, so a kept cell would hold on to the whole chunk
 * of the file it was read from; concatenating and cutting again copies just the value.
 */
export function detached(text: string): string {
  return (text + ' ').slice(0, -1);
}
