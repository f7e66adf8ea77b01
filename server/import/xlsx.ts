import { posix } from 'node:path';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { IMPORT_LIMITS, ImportLimitError, refuse, UnreadableFileError } from './limits';
import { detached, type TableBuilder } from './table';
import type { Cell } from './values';
import { attribute, XmlScanner, type XmlHandler } from './xml';

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';
const STRICT_REL = 'http://purl.oclc.org/ooxml/officeDocument/relationships/';

/**
 * Reads the first sheet with a value of an XLSX workbook into `builder`, streaming: the zip entries are inflated and
 * their XML tokenized chunk by chunk, and only the cells of the picked columns are kept; yields after each chunk of
 * the sheet so that its rows can be taken. yauzl checks every entry against the size its directory declares, and
 * each part's declared size is checked against its budget before it is opened, so no part can inflate past
 * `IMPORT_LIMITS`.
 */
export async function* feedXlsx(bytes: Uint8Array, builder: TableBuilder): AsyncGenerator<void> {
  let zip: ZipFile | undefined;
  try {
    zip = await yauzl.fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true, autoClose: false });
    if (zip.entryCount > IMPORT_LIMITS.zipEntries) throw refuse.zipEntries(zip.entryCount);
    const entries = new Map<string, Entry>();
    for await (const entry of zip.eachEntry()) entries.set(entry.fileName.toLowerCase(), entry);
    yield* new Workbook(zip, entries).firstSheetWithValues(builder);
  } catch (error) {
    if (error instanceof ImportLimitError || error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError(`The XLSX file cannot be read: ${(error as Error).message}`, 'Файл XLSX не читается: возможно, он повреждён или защищён паролем');
  } finally {
    zip?.close();
  }
}

interface Relationship {
  type: string;
  target: string;
}

/** How many uncompressed bytes may still be read for a kind of part. */
class Budget {
  constructor(
    private left: number,
    private readonly exceeded: () => ImportLimitError,
  ) {}

  take(bytes: number) {
    if (bytes > this.left) throw this.exceeded();
    this.left -= bytes;
  }
}

class Workbook {
  private readonly sheetBudget = new Budget(IMPORT_LIMITS.sheetBytes, refuse.sheetBytes);

  constructor(
    private readonly zip: ZipFile,
    private readonly entries: Map<string, Entry>,
  ) {}

  async *firstSheetWithValues(builder: TableBuilder): AsyncGenerator<void> {
    const main = (await this.relationships('')).find((r) => relType(r.type) === 'officeDocument')?.target ?? 'xl/workbook.xml';
    const workbook = new WorkbookReader();
    await this.read(main, workbook);
    const rels = new Map((await this.relationships(main)).map((r) => [r.id, r]));
    const partOf = (type: string) => [...rels.values()].find((r) => relType(r.type) === type)?.target;

    const styles = new StylesReader();
    const stylesPart = partOf('styles');
    if (stylesPart && this.has(stylesPart)) await this.read(stylesPart, styles);
    const strings = new SharedStringsReader();
    const stringsPart = partOf('sharedStrings');
    if (stringsPart && this.has(stringsPart)) await this.read(stringsPart, strings, new Budget(IMPORT_LIMITS.sharedStringsBytes, refuse.sharedStringsBytes));

    for (const sheet of workbook.sheets) {
      const rel = rels.get(sheet.rel);
      if (!rel || relType(rel.type) !== 'worksheet') continue;
      // A sheet without a value leaves the builder as it was, so the next sheet starts it afresh.
      yield* this.chunks(rel.target, new SheetReader(builder, strings.strings, styles.dateStyles(), workbook.date1904), this.sheetBudget);
      builder.endRow();
      if (builder.header()) return;
    }
    throw new UnreadableFileError('The workbook has no rows', 'В книге нет ни одной строки');
  }

  private has(part: string): boolean {
    return this.entries.has(part.toLowerCase());
  }

  /** The relationships of a part (`''` for the package), targets resolved to part names. */
  private async relationships(part: string): Promise<(Relationship & { id: string })[]> {
    const relsPart = posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
    if (!this.has(relsPart)) return [];
    const reader = new RelationshipsReader();
    await this.read(relsPart, reader);
    return reader.relationships.map((r) => ({ ...r, target: r.target.startsWith('/') ? r.target.slice(1) : posix.normalize(posix.join(posix.dirname(part), r.target)) }));
  }

  private async read(part: string, handler: XmlHandler, budget?: Budget) {
    for await (const _ of this.chunks(part, handler, budget));
  }

  /** Reads a part through `handler`, yielding after each chunk. */
  private async *chunks(part: string, handler: XmlHandler, budget = new Budget(IMPORT_LIMITS.partBytes, () => refuse.partBytes(part))): AsyncGenerator<void> {
    const entry = this.entries.get(part.toLowerCase());
    if (!entry) throw new Error(`${part} is missing`);
    budget.take(entry.uncompressedSize);
    const scanner = new XmlScanner(part, handler);
    const decoder = new TextDecoder();
    for await (const chunk of await this.zip.openReadStreamPromise(entry)) {
      scanner.write(decoder.decode(chunk as Buffer, { stream: true }));
      yield;
    }
    scanner.write(decoder.decode());
    scanner.end();
  }
}

/** The last segment of a relationship type, in either the transitional or the strict namespace. */
function relType(type: string): string {
  return type.startsWith(REL) ? type.slice(REL.length) : type.startsWith(STRICT_REL) ? type.slice(STRICT_REL.length) : type;
}

class RelationshipsReader implements XmlHandler {
  capturing = false;
  relationships: (Relationship & { id: string })[] = [];

  open(name: string, raw: string) {
    if (name !== 'Relationship' || attribute(raw, 'TargetMode') === 'External') return;
    const [id, target] = [attribute(raw, 'Id'), attribute(raw, 'Target')];
    if (id && target) this.relationships.push({ id, type: attribute(raw, 'Type') ?? '', target });
  }

  close() {}
  text() {}
}

class WorkbookReader implements XmlHandler {
  capturing = false;
  date1904 = false;
  sheets: { name: string; rel: string }[] = [];

  open(name: string, raw: string) {
    if (name === 'workbookPr') {
      const flag = attribute(raw, 'date1904');
      this.date1904 = flag === '1' || flag === 'true';
    } else if (name === 'sheet') {
      if (this.sheets.length >= IMPORT_LIMITS.sheets) throw refuse.sheets();
      this.sheets.push({ name: attribute(raw, 'name') ?? '', rel: attribute(raw, 'id') ?? '' });
    }
  }

  close() {}
  text() {}
}

/** Excel's built-in number formats that show a date or a time. */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A custom number format shows a date when, outside quoted text, brackets and escapes, it has a date or time part. */
export function isDateFormat(code: string): boolean {
  return /[ymdhs]/i.test(code.replace(/"[^"]*"|\[[^\]]*\]|\\.|[_*]./g, ''));
}

class StylesReader implements XmlHandler {
  capturing = false;
  private formats = new Map<number, string>();
  private cellFormats: number[] = [];
  private section = '';

  open(name: string, raw: string) {
    if (name === 'numFmts' || name === 'cellXfs') this.section = name;
    else if (name === 'numFmt' && this.section === 'numFmts') {
      this.formats.set(Number(attribute(raw, 'numFmtId')), attribute(raw, 'formatCode') ?? '');
    } else if (name === 'xf' && this.section === 'cellXfs') this.cellFormats.push(Number(attribute(raw, 'numFmtId') ?? 0));
  }

  close(name: string) {
    if (name === this.section) this.section = '';
  }

  text() {}

  /** For each cell style (the `s` of a cell), whether its number format shows a date. */
  dateStyles(): boolean[] {
    return this.cellFormats.map((id) => (this.formats.has(id) ? isDateFormat(this.formats.get(id)!) : BUILT_IN_DATE_FORMATS.has(id)));
  }
}

/** Text runs count, phonetic hints (`rPh`) do not. */
function isTextOfString(stack: string[], container: string): boolean {
  const parent = stack[stack.length - 2];
  return parent === container || (parent === 'r' && stack[stack.length - 3] === container);
}

class SharedStringsReader implements XmlHandler {
  capturing = false;
  strings: string[] = [];
  private stack: string[] = [];
  private current = '';

  open(name: string) {
    this.stack.push(name);
    if (name === 'si') this.current = '';
    else if (name === 't' && isTextOfString(this.stack, 'si')) this.capturing = true;
  }

  close(name: string) {
    this.stack.pop();
    if (name === 't') this.capturing = false;
    else if (name === 'si') this.strings.push(detached(this.current));
  }

  text(text: string) {
    this.current += text;
    if (this.current.length > IMPORT_LIMITS.cellChars) throw refuse.sharedString();
  }
}

class SheetReader implements XmlHandler {
  capturing = false;
  private stack: string[] = [];
  private row = 0;
  private column = -1;
  private cell = '';
  private value: string | null = null;
  private inline: string | null = null;
  private buffer = '';

  constructor(
    private readonly builder: TableBuilder,
    private readonly strings: string[],
    private readonly dateStyles: boolean[],
    private readonly date1904: boolean,
  ) {}

  open(name: string, raw: string) {
    this.stack.push(name);
    const parent = this.stack[this.stack.length - 2];
    if (name === 'row') {
      const r = attribute(raw, 'r');
      this.row = r === undefined ? this.row + 1 : Number(r);
      this.column = -1;
      if (!Number.isSafeInteger(this.row) || this.row < 1) throw new Error(`row number "${r}" is not a number`);
    } else if (name === 'c' && parent === 'row') {
      // A cell without a reference follows the one before it; the reference of a cell is read only when it has a value.
      this.column += 1;
      this.cell = raw;
      this.value = null;
      this.inline = null;
    } else if ((name === 'v' && parent === 'c') || (name === 't' && isTextOfString(this.stack, 'is'))) {
      this.capturing = true;
      this.buffer = '';
    }
  }

  close(name: string) {
    this.stack.pop();
    if (this.capturing && (name === 'v' || name === 't')) {
      this.capturing = false;
      if (name === 'v') this.value = this.buffer;
      else this.inline = (this.inline ?? '') + this.buffer;
    } else if (name === 'c' && this.stack[this.stack.length - 1] === 'row' && (this.value !== null || this.inline !== null)) {
      this.placeCell();
      const value = this.cellValue();
      if (value !== null) this.builder.cell(this.row, this.column, value);
    }
  }

  text(text: string) {
    this.buffer += text;
    if (this.buffer.length > IMPORT_LIMITS.cellChars) {
      this.placeCell();
      throw refuse.cellChars(this.row, this.column);
    }
  }

  private placeCell() {
    const index = columnIndex(attribute(this.cell, 'r') ?? '');
    if (index >= 0) this.column = index;
  }

  private cellValue(): Cell {
    const v = this.value;
    switch (attribute(this.cell, 't')) {
      case 's':
        return v === null ? null : (this.strings[Number(v)] ?? null);
      case 'str':
        return v;
      case 'inlineStr':
        return this.inline;
      case 'b':
        return v === null ? null : v.trim() === '1' || v.trim() === 'true';
      case 'e':
        return null;
      case 'd':
        return v === null ? null : wallClockDate(v);
      default: {
        if (v === null) return this.inline;
        if (v.trim() === '') return null;
        const n = Number(v);
        if (!Number.isFinite(n)) return null;
        return this.dateStyles[Number(attribute(this.cell, 's') ?? 0)] ? excelDate(n, this.date1904) : n;
      }
    }
  }
}

/** "AB12" → 27 (0-based); -1 without letters, when a cell's place is the one after the cell before it. */
function columnIndex(ref: string): number {
  let n = 0;
  for (let k = 0; k < ref.length; k++) {
    const c = ref.charCodeAt(k) | 0x20;
    if (c < 0x61 || c > 0x7a) break;
    n = n * 26 + (c - 0x60);
    if (n > 1e6) break;
  }
  return n - 1;
}

/** An Excel serial date as a Date whose UTC fields hold the wall-clock time written in the cell. */
function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

/** A `t="d"` cell holds ISO-8601 text; without an offset it is a wall-clock time. */
function wallClockDate(text: string): Date {
  const trimmed = text.trim();
  return new Date(/(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) || !trimmed.includes('T') ? trimmed : `${trimmed}Z`);
}
