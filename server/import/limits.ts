import { formatNumber } from '../../shared/i18n/format';

/**
 * What one import file may hold. Every limit is enforced while the file is read, so a file past one is refused
 * after reading at most that much, whatever it declares about itself.
 */
export const IMPORT_LIMITS = {
  /** Data rows (rows with at least one value; the header row is not counted). */
  rows: 100_000,
  /** A value in a column past this one refuses the file; empty cells there, even styled ones, are ignored. */
  columns: 200,
  /** Characters in one cell: Excel's own limit. */
  cellChars: 32_767,
  /** XLSX: worksheet XML read, uncompressed, all sheets together (100,000 rows of 40 filled columns is ~170 MB). */
  sheetBytes: 256 * 1024 * 1024,
  /** XLSX: the shared strings table, uncompressed. */
  sharedStringsBytes: 64 * 1024 * 1024,
  /** XLSX: each other part read (workbook, relationships, styles), uncompressed. */
  partBytes: 16 * 1024 * 1024,
  /** XLSX: files in the zip archive. */
  zipEntries: 1_000,
  /** XLSX: sheets in the workbook. */
  sheets: 100,
  /** XLSX: characters in one XML tag, text or comment (a cell of 32,767 characters, every one escaped, is ~200,000). */
  xmlTokenChars: 1_000_000,
  /** XLSX: nesting of XML elements (a worksheet needs 6). */
  xmlDepth: 64,
} as const;

export type ImportLimit = keyof typeof IMPORT_LIMITS;

/** A file that is not a readable CSV or XLSX (corrupt, encrypted, an old XLS, a CSV with an unclosed quote). */
export class UnreadableFileError extends Error {
  constructor(
    message: string,
    readonly messageRu: string,
  ) {
    super(message);
  }
}

const SHAPE_LIMITS: ImportLimit[] = ['columns', 'zipEntries', 'sheets', 'xmlDepth'];

/** A file past one of `IMPORT_LIMITS`: 413 for limits of size, 400 for limits of shape. */
export class ImportLimitError extends Error {
  readonly status: 400 | 413;
  constructor(
    readonly limit: ImportLimit,
    message: string,
    readonly messageRu: string,
  ) {
    super(message);
    this.status = SHAPE_LIMITS.includes(limit) ? 400 : 413;
  }
}

const ru = (n: number) => formatNumber(n, 'ru');
const en = (n: number) => formatNumber(n, 'en');
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** Excel's name of a 0-based column: 0 → A, 200 → GS. */
function columnLetters(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** The refusals, one per limit, each naming the limit for the marketer who uploaded the file. */
export const refuse = {
  rows: () => {
    const n = IMPORT_LIMITS.rows;
    return new ImportLimitError('rows', `The file has more than ${en(n)} data rows; at most ${en(n)} rows per file: split it into parts`, `В файле больше ${ru(n)} строк с данными; за один раз можно загрузить не больше ${ru(n)} строк: разделите файл на части`);
  },
  columns: (row: number, column: number) => {
    const n = IMPORT_LIMITS.columns;
    const where = `${columnLetters(column)}${row}`;
    return new ImportLimitError('columns', `Cell ${where} holds a value past column ${en(n)}; a file may have at most ${en(n)} columns`, `В ячейке ${where} есть значение дальше ${ru(n)}-й колонки; в файле может быть не больше ${ru(n)} колонок`);
  },
  cellChars: (row: number, column: number) => {
    const n = IMPORT_LIMITS.cellChars;
    const where = `${columnLetters(column)}${row}`;
    return new ImportLimitError('cellChars', `Cell ${where} is longer than ${en(n)} characters, the most a cell may hold (an unclosed quote in a CSV file does this too)`, `Ячейка ${where} длиннее ${ru(n)} символов — больше, чем помещается в ячейку (так бывает и из-за незакрытой кавычки в CSV)`);
  },
  sharedString: () => {
    const n = IMPORT_LIMITS.cellChars;
    return new ImportLimitError('cellChars', `The workbook holds a text longer than ${en(n)} characters, the most a cell may hold`, `В книге есть текст длиннее ${ru(n)} символов — больше, чем помещается в ячейку`);
  },
  sheetBytes: () => {
    const n = mb(IMPORT_LIMITS.sheetBytes);
    return new ImportLimitError('sheetBytes', `The sheets of the workbook take more than ${n} MB unpacked; at most ${n} MB: split the file or delete unused columns`, `Листы книги занимают больше ${n} МБ в распакованном виде; можно не больше ${n} МБ: разделите файл или удалите лишние колонки`);
  },
  sharedStringsBytes: () => {
    const n = mb(IMPORT_LIMITS.sharedStringsBytes);
    return new ImportLimitError('sharedStringsBytes', `The texts of the workbook take more than ${n} MB unpacked; at most ${n} MB: split the file`, `Тексты книги занимают больше ${n} МБ в распакованном виде; можно не больше ${n} МБ: разделите файл`);
  },
  partBytes: (part: string) => {
    const n = mb(IMPORT_LIMITS.partBytes);
    return new ImportLimitError('partBytes', `Part ${part} of the workbook takes more than ${n} MB unpacked; at most ${n} MB`, `Часть книги ${part} занимает больше ${n} МБ в распакованном виде; можно не больше ${n} МБ`);
  },
  zipEntries: (count: number) => {
    const n = IMPORT_LIMITS.zipEntries;
    return new ImportLimitError('zipEntries', `The XLSX file packs ${en(count)} files; a workbook may pack at most ${en(n)}`, `В файле XLSX упаковано ${ru(count)} файлов; в книге их может быть не больше ${ru(n)}`);
  },
  sheets: () => {
    const n = IMPORT_LIMITS.sheets;
    return new ImportLimitError('sheets', `The workbook has more than ${en(n)} sheets; at most ${en(n)}: keep the sheet to import`, `В книге больше ${ru(n)} листов; можно не больше ${ru(n)}: оставьте лист, который нужно загрузить`);
  },
  xmlTokenChars: (part: string) => {
    const n = IMPORT_LIMITS.xmlTokenChars;
    return new ImportLimitError('xmlTokenChars', `Part ${part} of the workbook holds a single XML tag or text longer than ${en(n)} characters; at most ${en(n)}`, `В части книги ${part} один тег или текст XML длиннее ${ru(n)} символов; можно не больше ${ru(n)}`);
  },
  xmlDepth: (part: string) => {
    const n = IMPORT_LIMITS.xmlDepth;
    return new ImportLimitError('xmlDepth', `Part ${part} of the workbook nests XML elements more than ${n} deep; at most ${n}`, `В части книги ${part} элементы XML вложены глубже ${n} уровней; можно не больше ${n}`);
  },
};
