import { isUtf8 } from 'node:buffer';
import { setImmediate } from 'node:timers/promises';
import Papa from 'papaparse';
import { IMPORT_LIMITS, refuse, UnreadableFileError } from './limits';
import type { TableBuilder } from './table';

/** Text decoded and parsed per chunk, with a turn of the event loop between chunks for the server's other requests. */
const CHUNK_BYTES = 1024 * 1024;
/** The delimiter is guessed from this much of the file's start. */
const SAMPLE_BYTES = 64 * 1024;

/**
 * UTF-8 (with or without BOM), or Windows-1251 as Excel in Russia saves "CSV"; separator ; , or tab, guessed by
 * papaparse from the first rows. The file is tokenized here rather than by papaparse, whose rows are built whole
 * before it hands them over: this tokenizer counts columns and characters as it goes, so a line of millions of
 * cells or an endless quoted field is refused at the limit. Row numbers are the file's own, blank lines included,
 * as Excel shows them. Feeds `builder`, and yields after each chunk so that its rows can be taken.
 */
export async function* feedCsv(bytes: Uint8Array, builder: TableBuilder): AsyncGenerator<void> {
  const encoding = isUtf8(bytes) ? 'utf-8' : 'windows-1251';
  const sample = new TextDecoder(encoding).decode(bytes.subarray(0, SAMPLE_BYTES));
  const delimiter = Papa.parse(sample, { preview: 10 }).meta.delimiter || ',';
  const tokenizer = new CsvTokenizer(delimiter.charCodeAt(0), builder);
  const decoder = new TextDecoder(encoding);
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
    tokenizer.write(decoder.decode(bytes.subarray(at, at + CHUNK_BYTES), { stream: true }));
    yield;
    await setImmediate();
  }
  tokenizer.write(decoder.decode());
  tokenizer.end();
  builder.endRow();
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field, at the end of a chunk: an escaped quote or the field's end, by the next char. */
  QuoteInQuoted,
  AfterQuoted,
}

class CsvTokenizer {
  private state = State.FieldStart;
  private field = '';
  private row = 1;
  private column = 0;
  /** A CR ended the last line; an LF right after it belongs to it. */
  private afterCr = false;

  constructor(
    private readonly delimiter: number,
    private readonly builder: TableBuilder,
  ) {}

  write(s: string) {
    let i = 0;
    while (i < s.length) {
      if (this.afterCr) {
        this.afterCr = false;
        if (s.charCodeAt(i) === LF) {
          i++;
          continue;
        }
      }
      switch (this.state) {
        case State.Quoted: {
          const q = s.indexOf('"', i);
          if (q < 0) {
            this.append(s, i, s.length);
            return;
          }
          this.append(s, i, q);
          this.state = State.QuoteInQuoted;
          i = q + 1;
          break;
        }
        case State.QuoteInQuoted:
          if (s.charCodeAt(i) === QUOTE) {
            this.append(s, i, i + 1);
            this.state = State.Quoted;
            i++;
          } else this.state = State.AfterQuoted;
          break;
        case State.AfterQuoted: {
          const c = s.charCodeAt(i);
          if (c === this.delimiter || c === CR || c === LF) i = this.endField(c, i);
          else if (c === 0x20 || c === 0x09) i++;
          else throw this.badQuotes();
          break;
        }
        default: {
          if (this.state === State.FieldStart && s.charCodeAt(i) === QUOTE) {
            this.state = State.Quoted;
            i++;
            break;
          }
          let k = i;
          for (; k < s.length; k++) {
            const c = s.charCodeAt(k);
            if (c === this.delimiter || c === CR || c === LF) break;
          }
          this.append(s, i, k);
          this.state = State.Unquoted;
          i = k < s.length ? this.endField(s.charCodeAt(k), k) : k;
        }
      }
    }
  }

  end() {
    if (this.state === State.Quoted) throw this.badQuotes();
    if (this.state !== State.FieldStart || this.column > 0) this.endField(LF, 0);
  }

  private append(s: string, from: number, to: number) {
    if (to === from) return;
    this.field += s.slice(from, to);
    if (this.field.length > IMPORT_LIMITS.cellChars) throw refuse.cellChars(this.row, this.column);
  }

  /** Ends the field at the delimiter or line end `c` found at `at`; returns where reading goes on. */
  private endField(c: number, at: number): number {
    this.builder.cell(this.row, this.column, this.field);
    this.field = '';
    this.state = State.FieldStart;
    if (c === this.delimiter) this.column++;
    else {
      this.row++;
      this.column = 0;
      this.afterCr = c === CR;
    }
    return at + 1;
  }

  private badQuotes(): UnreadableFileError {
    return new UnreadableFileError(`CSV cannot be read near row ${this.row}: a quoted cell is not closed, or has text after its closing quote`, `CSV не читается около строки ${this.row}: незакрытые кавычки или текст после закрывающей кавычки`);
  }
}
