import { constants, crc32, deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_LIMITS } from '../../server/import/limits';
import { readTable } from '../../server/import/read';
import { startTestApi, type TestApi, type TokenClient } from '../support/api';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

interface ZipEntry {
  name: string;
  data: Buffer;
  crc: number;
  size: number;
}

/** A zip entry deflated in one go. */
function deflated(name: string, text: string): ZipEntry {
  const bytes = Buffer.from(text);
  return { name, data: deflateRawSync(bytes), crc: crc32(bytes), size: bytes.length };
}

/**
 * A zip entry of `head`, `body` repeated `times` and `tail`, deflated without ever holding the whole text: the body
 * is deflated once into a byte-aligned, non-final run of blocks, and a raw deflate stream may repeat such runs.
 * This is how a zip bomb packs hundreds of megabytes of XML into a few hundred kilobytes.
 */
function repeated(name: string, head: string, body: string, times: number, tail: string): ZipEntry {
  const sync = { finishFlush: constants.Z_SYNC_FLUSH };
  const [h, b, t] = [Buffer.from(head), Buffer.from(body), Buffer.from(tail)];
  let crc = crc32(h);
  for (let i = 0; i < times; i++) crc = crc32(b, crc);
  crc = crc32(t, crc);
  const block = deflateRawSync(b, sync);
  const data = Buffer.concat([deflateRawSync(h, sync), ...Array.from({ length: times }, () => block), deflateRawSync(t)]);
  return { name, data, crc, size: h.length + b.length * times + t.length };
}

/** A zip archive; `declare` overrides the uncompressed sizes its directory states (a lying archive). */
function zip(entries: ZipEntry[], declare: Record<string, number> = {}): Uint8Array {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const size = declare[entry.name] ?? entry.size;
    const common = (header: Buffer, at: number) => {
      header.writeUInt16LE(20, at); // version needed
      header.writeUInt16LE(0x0800, at + 2); // UTF-8 names
      header.writeUInt16LE(8, at + 4); // deflate
      header.writeUInt16LE(0, at + 6);
      header.writeUInt16LE(0x21, at + 8); // 1980-01-01
      header.writeUInt32LE(entry.crc >>> 0, at + 10);
      header.writeUInt32LE(entry.data.length, at + 14);
      header.writeUInt32LE(size, at + 18);
      header.writeUInt16LE(name.length, at + 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    common(local, 4);
    locals.push(local, name, entry.data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    common(central, 6);
    central.writeUInt32LE(offset, 42);
    directory.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const size = directory.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, ...directory, end]));
}

interface BookOptions {
  /** Worksheet entries, in the workbook's order (use `sheet()` or `repeated('xl/worksheets/sheetN.xml', …)`). */
  sheets: ZipEntry[];
  strings?: string[];
  /** numFmts inner XML and cellXfs numFmtIds. */
  styles?: { formats: string; cellFormats: number[] };
  date1904?: boolean;
}

/** A workbook with what Excel writes, parts in the usual places. */
function book({ sheets, strings, styles, date1904 }: BookOptions): ZipEntry[] {
  const rels = sheets.map((s, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="${s.name.replace('xl/', '')}"/>`);
  if (strings) rels.push(`<Relationship Id="rS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  if (styles) rels.push(`<Relationship Id="rT" Type="${REL}/styles" Target="styles.xml"/>`);
  const entries = [
    deflated('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    deflated('_rels/.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    deflated('xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><workbookPr${date1904 ? ' date1904="1"' : ''}/><sheets>${sheets.map((_, i) => `<sheet name="Лист${i + 1}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`),
    deflated('xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`),
    ...sheets,
  ];
  if (strings) entries.push(deflated('xl/sharedStrings.xml', `<sst xmlns="${MAIN}" count="${strings.length}">${strings.map((s) => `<si>${s}</si>`).join('')}</sst>`));
  if (styles) {
    entries.push(deflated('xl/styles.xml', `<styleSheet xmlns="${MAIN}"><numFmts>${styles.formats}</numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs>${styles.cellFormats.map((id) => `<xf numFmtId="${id}" xfId="0" applyNumberFormat="1"/>`).join('')}</cellXfs></styleSheet>`));
  }
  return entries;
}

function sheet(n: number, rows: string): ZipEntry {
  return deflated(`xl/worksheets/sheet${n}.xml`, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData></worksheet>`);
}

const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const HEADER = `<row r="1">${inline('A1', 'Код клиента')}${inline('B1', 'Дата регистрации')}</row>`;
const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>`;
const SHEET_TAIL = '</sheetData></worksheet>';

describe('reading XLSX cells', () => {
  it('reads shared strings with rich text runs, inline strings, formula results, booleans and errors, by row number', async () => {
    const file = zip(book({
      strings: ['<t>Код клиента</t>', '<r><rPr><b/></rPr><t>Ив</t></r><r><t xml:space="preserve">ан &amp; Ко</t></r><rPh><t>イ</t></rPh>', '<t>Имя</t>'],
      sheets: [sheet(1, [
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>2</v></c><c r="C1" t="inlineStr"><is><t>Итог</t></is></c><c r="D1" t="inlineStr"><is><t>VIP</t></is></c></row>',
        '<row r="3"><c r="A3"><v>79161234567</v></c><c r="B3" t="s"><v>1</v></c><c r="C3" t="str"><f>B3&amp;"!"</f><v>Иван &amp; Ко!</v></c><c r="D3" t="b"><v>1</v></c></row>',
        '<row r="4"><c r="A4" t="inlineStr"><is><r><t>K-</t></r><r><t>4</t></r></is></c><c r="B4" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="C4"><f>2*21</f><v>42</v></c><c r="D4" t="b"><v>0</v></c></row>',
        '<row r="7"><c r="A7" s="0"/><c r="B7" t="inlineStr"><is><t>  </t></is></c></row>',
      ].join(''))],
    }));
    const table = await readTable(file);
    expect(table.headers).toEqual(['Код клиента', 'Имя', 'Итог', 'VIP']);
    // Row 2 is missing and row 7 holds only blanks: row numbers stay the sheet's own.
    expect(table.rows).toEqual([
      { row: 3, cells: [79161234567, 'Иван & Ко', 'Иван & Ко!', true] },
      { row: 4, cells: ['K-4', null, 42, false] },
    ]);
  });

  it('turns numbers in date formats into wall-clock dates, built-in and custom formats alike, in the 1900 and 1904 systems', async () => {
    const styles = { formats: '<numFmt numFmtId="164" formatCode="dd\\.mm\\.yyyy\\ hh:mm"/><numFmt numFmtId="165" formatCode="#,##0.00\\ &quot;₽&quot;"/>', cellFormats: [0, 14, 164, 165, 4] };
    const rows = `<row r="1">${inline('A1', 'Дата')}${inline('B1', 'Время')}${inline('C1', 'Сумма')}${inline('D1', 'Число')}</row>`
      + '<row r="2"><c r="A2" s="1"><v>45428</v></c><c r="B2" s="2"><v>45428.75</v></c><c r="C2" s="3"><v>1150.5</v></c><c r="D2" s="4"><v>45428</v></c></row>';
    const in1900 = await readTable(zip(book({ styles, sheets: [sheet(1, rows)] })));
    expect(in1900.rows[0].cells).toEqual([new Date('2024-05-16T00:00:00Z'), new Date('2024-05-16T18:00:00Z'), 1150.5, 45428]);
    const in1904 = await readTable(zip(book({ styles, date1904: true, sheets: [sheet(1, rows)] })));
    expect(in1904.rows[0].cells.slice(0, 2)).toEqual([new Date('2028-05-17T00:00:00Z'), new Date('2028-05-17T18:00:00Z')]);
  });

  it('reads the first sheet that has a value, and keeps only the columns asked for', async () => {
    const file = zip(book({
      sheets: [
        sheet(1, '<row r="1"><c r="A1" s="3"/></row><row r="1048576"><c r="XFD1048576" s="1"/></row>'),
        sheet(2, `${HEADER}<row r="2">${inline('A2', 'K-1')}${inline('B2', '01.02.2024')}${inline('GR2', 'заметка')}</row>`),
      ],
    }));
    const table = await readTable(file, (headers) => [headers.indexOf('Дата регистрации')]);
    expect(table).toEqual({ headers: ['Код клиента', 'Дата регистрации'], headerRow: 1, columns: [1], rows: [{ row: 2, cells: ['01.02.2024'] }] });
  });

  it('reads a cell of exactly 32,767 characters that spans many inflated chunks, entities and all', async () => {
    const text = 'Ж&amp;'.repeat(IMPORT_LIMITS.cellChars / 2) + 'Ж';
    const table = await readTable(zip(book({ sheets: [sheet(1, `${HEADER}<row r="2">${inline('A2', 'K-1')}<c r="B2" t="inlineStr" note="a &gt; b"><is><t>${text}</t></is></c></row>`)] })));
    const value = table.rows[0].cells[1] as string;
    expect(value).toHaveLength(IMPORT_LIMITS.cellChars);
    expect(value.startsWith('Ж&Ж&')).toBe(true);
  });

  it('refuses XML nested past the limit and a single tag past the token limit', async () => {
    const deep = '<x>'.repeat(IMPORT_LIMITS.xmlDepth + 1);
    await expect(readTable(zip(book({ sheets: [sheet(1, deep)] })))).rejects.toMatchObject({ status: 400, limit: 'xmlDepth' });
    const wide = `<row r="1"><c r="A1" t="inlineStr" x="${'a'.repeat(IMPORT_LIMITS.xmlTokenChars)}"/></row>`;
    await expect(readTable(zip(book({ sheets: [sheet(1, wide)] })))).rejects.toMatchObject({ status: 413, limit: 'xmlTokenChars' });
  });
});

describe('reading CSV', () => {
  const utf8 = (text: string) => new TextEncoder().encode(text);

  it('reads quotes, line breaks inside quotes and blank lines, numbering rows as the file shows them', async () => {
    const table = await readTable(utf8('\uFEFFКод клиента\tИмя\tЗаметка\r\n"K-1"\t"Иван ""Ваня"" Петров"\t"две\r\nстроки"\r\n\r\nK-2\t\t  \r\n\t\t\r\n\r\n'));
    expect(table.headers).toEqual(['Код клиента', 'Имя', 'Заметка']);
    expect(table.rows).toEqual([
      { row: 2, cells: ['K-1', 'Иван "Ваня" Петров', 'две\r\nстроки'] },
      { row: 4, cells: ['K-2', null, null] },
    ]);
  });

  /** A CSV of filler rows whose `snippet` starts `offset` bytes before the 1 MB line where the reader cuts its chunks. */
  function acrossChunks(snippet: string, offset: number): Uint8Array {
    const head = 'Код;Заметка\n';
    const filler = `f;${'x'.repeat(1000)}\n`;
    const before = 1024 * 1024 - offset - Buffer.byteLength(head);
    const rows = Math.floor(before / filler.length) - 1;
    const last = before - rows * filler.length - 3;
    return utf8(head + filler.repeat(rows) + `g;${'y'.repeat(last)}\n` + snippet);
  }

  it('reads an escaped quote and a CRLF that fall on the boundary between chunks', async () => {
    const quote = await readTable(acrossChunks('K-2;"a""b"\n', 7));
    expect(quote.rows.at(-1)!.cells).toEqual(['K-2', 'a"b']);
    const crlf = await readTable(acrossChunks('K-2;z\r\nK-3;w\r\n', 6));
    expect(crlf.rows.slice(-2).map((r) => [r.row, ...r.cells])).toEqual([
      [crlf.rows.length, 'K-2', 'z'],
      [crlf.rows.length + 1, 'K-3', 'w'],
    ]);
  });
});

describe('hostile import files over HTTP', () => {
  let api: TestApi;
  let token: TokenClient;
  beforeAll(async () => {
    api = await startTestApi();
    token = await api.withToken(['ingest']);
  });
  afterAll(() => api?.stop());

  /** Uploads a file while asking /api/health; says whether health answered before the upload did. */
  async function upload(bytes: Uint8Array, type: string, language = 'ru') {
    let uploaded = false;
    const response = token.post('/api/import/customers', undefined, { raw: bytes, headers: { 'Content-Type': type, 'Accept-Language': language } }).finally(() => (uploaded = true));
    const health = await fetch(`${api.baseUrl}/api/health`);
    const healthFirst = !uploaded;
    const healthBody = await health.json();
    const res = await response;
    return { status: res.status, body: res.body, healthFirst, healthDatabase: healthBody.checks.database.status };
  }

  it('imports a tiny file whose formatted empty cell sits at XFD1048576, and refuses one with a value there', async () => {
    const rows = (last: string) => `<dimension ref="A1:XFD1048576"/><sheetData>${HEADER}<row r="2">${inline('A2', 'xfd-1')}${inline('B2', '01.02.2024')}</row><row r="1048576">${last}</row></sheetData>`;
    const entry = (last: string) => deflated('xl/worksheets/sheet1.xml', `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}">${rows(last)}</worksheet>`);
    const styled = zip(book({ sheets: [entry('<c r="XFD1048576" s="1"/>')] }));
    expect(styled.length).toBeLessThan(8 * 1024);
    const ok = await upload(styled, XLSX_TYPE);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ applied: true, format: 'xlsx', rows: 1, summary: { accepted: 1 } });

    const valued = await upload(zip(book({ sheets: [entry('<c r="XFD1048576"><v>1</v></c>')] })), XLSX_TYPE);
    expect(valued.status).toBe(400);
    expect(valued.body.error.code).toBe('too_many_columns');
    expect(valued.body.error.message).toMatch(/XFD1048576.*200/);
    expect(await api.sql`SELECT count(*)::int AS n FROM customers WHERE id = 'xfd-1'`).toEqual([{ n: 1 }]);
  });

  it('refuses a zip bomb of 3,000,000 rows (285 MB of XML in under a megabyte) by its unpacked size, and one that lies about its size', async () => {
    const row = '<row><c t="inlineStr"><is><t>bomb</t></is></c><c t="inlineStr"><is><t>01.02.2024</t></is></c></row>';
    const bomb = repeated('xl/worksheets/sheet1.xml', SHEET_HEAD + HEADER, row.repeat(10_000), 300, SHEET_TAIL);
    expect(bomb.size).toBeGreaterThan(IMPORT_LIMITS.sheetBytes);
    const honest = zip(book({ sheets: [bomb] }));
    expect(honest.length).toBeLessThan(1024 * 1024);
    const refused = await upload(honest, XLSX_TYPE, 'en');
    expect(refused.status).toBe(413);
    expect(refused.body.error.code).toBe('unpacked_too_large');
    expect(refused.body.error.message).toContain('256 MB');

    const liar = await upload(zip(book({ sheets: [bomb] }), { 'xl/worksheets/sheet1.xml': 1024 * 1024 }), XLSX_TYPE);
    expect(liar.status).toBe(400);
    expect(liar.body.error.code).toBe('unreadable_file');
    expect(liar.healthDatabase).toBe('ok');
  });

  it('counts the sheets read together against the unpacked size limit', async () => {
    // Sheet 1 (10 MB) has no value, so sheet 2 is read next; each is under the limit, the two are over it.
    const empty = (n: number, megabytes: number) => repeated(`xl/worksheets/sheet${n}.xml`, SHEET_HEAD, '<row><c s="1"/></row>'.repeat(50_000), megabytes, SHEET_TAIL);
    const sheets = [empty(1, 10), empty(2, 250)];
    expect(sheets[1].size).toBeLessThan(IMPORT_LIMITS.sheetBytes);
    expect(sheets[0].size + sheets[1].size).toBeGreaterThan(IMPORT_LIMITS.sheetBytes);
    const refused = await upload(zip(book({ sheets })), XLSX_TYPE);
    expect(refused.status).toBe(413);
    expect(refused.body.error.code).toBe('unpacked_too_large');
    expect(refused.body.error.message).toContain('256 МБ');
  });

  it('refuses the 100,001st data row while reading, and answers /api/health meanwhile', async () => {
    const row = `<row><c t="inlineStr"><is><t>many</t></is></c><c t="inlineStr"><is><t>01.02.2024</t></is></c></row>`;
    const file = zip(book({ sheets: [repeated('xl/worksheets/sheet1.xml', SHEET_HEAD + HEADER, row.repeat(1000), 150, SHEET_TAIL)] }));
    const refused = await upload(file, XLSX_TYPE);
    expect(refused.status).toBe(413);
    expect(refused.body.error.code).toBe('too_many_rows');
    expect(refused.body.error.message).toMatch(/100\s000/);
    expect(refused.healthFirst).toBe(true);
    expect(refused.healthDatabase).toBe('ok');
  });

  it('imports the real rows of a sheet padded with 30 MB of formatted empty cells, answering /api/health meanwhile', async () => {
    const padding = `<row>${'<c s="1"/>'.repeat(100)}</row>`;
    const data = `${HEADER}<row r="2">${inline('A2', 'pad-1')}${inline('B2', '01.02.2024')}</row>`;
    const file = zip(book({ sheets: [repeated('xl/worksheets/sheet1.xml', SHEET_HEAD + data, padding.repeat(1000), 30, SHEET_TAIL)] }));
    const ok = await upload(file, XLSX_TYPE);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ applied: true, rows: 1, summary: { accepted: 1 } });
    expect(ok.healthFirst).toBe(true);
  });

  it('refuses a workbook with too many sheets or too many packed files', async () => {
    const sheets = Array.from({ length: IMPORT_LIMITS.sheets + 1 }, (_, i) => sheet(i + 1, i === 0 ? HEADER : ''));
    const refused = await upload(zip(book({ sheets })), XLSX_TYPE);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('xlsx_too_complex');
    expect(refused.body.error.message).toContain('больше 100 листов');

    const files = Array.from({ length: IMPORT_LIMITS.zipEntries }, (_, i) => deflated(`xl/media/image${i}.png`, ''));
    const packed = await upload(zip([...book({ sheets: [sheet(1, HEADER)] }), ...files]), XLSX_TYPE, 'en');
    expect(packed.status).toBe(400);
    expect(packed.body.error.message).toMatch(/at most 1,000/);
  });

  it('refuses a cell longer than Excel allows, in XLSX and in CSV', async () => {
    const long = 'я'.repeat(IMPORT_LIMITS.cellChars + 1);
    const xlsx = await upload(zip(book({ sheets: [sheet(1, `${HEADER}<row r="2">${inline('A2', 'K-1')}${inline('B2', long)}</row>`)] })), XLSX_TYPE);
    expect(xlsx.status).toBe(413);
    expect(xlsx.body.error.code).toBe('cell_too_long');
    expect(xlsx.body.error.message).toMatch(/B2.*32\s767/);

    const shared = await upload(zip(book({ strings: [`<t>${long}</t>`], sheets: [sheet(1, `${HEADER}<row r="2"><c r="B2" t="s"><v>0</v></c></row>`)] })), XLSX_TYPE);
    expect(shared.status).toBe(413);
    expect(shared.body.error.code).toBe('cell_too_long');

    const csv = await upload(new TextEncoder().encode(`Код клиента;Дата регистрации\nK-1;${long}\n`), 'text/csv');
    expect(csv.status).toBe(413);
    expect(csv.body.error.message).toMatch(/B2.*32\s767/);
  });

  it('refuses a CSV with 100,001 data rows, counting rows with a value only', async () => {
    const rows = Array.from({ length: IMPORT_LIMITS.rows + 1 }, (_, i) => `c-${i};01.02.2024\n`);
    const refused = await upload(new TextEncoder().encode(`Код клиента;Дата регистрации\n${rows.join('')}`), 'text/csv', 'en');
    expect(refused.status).toBe(413);
    expect(refused.body.error.code).toBe('too_many_rows');
    expect(refused.body.error.message).toContain('100,000');
    expect(await api.sql`SELECT count(*)::int AS n FROM customers WHERE id LIKE 'c-%'`).toEqual([{ n: 0 }]);
  });

  it('refuses a 32 MB CSV line of one-character cells at the column limit, without building the line', async () => {
    const head = 'Код клиента;Дата регистрации\n';
    const body = 'a;'.repeat((32 * 1024 * 1024 - 1024) / 2);
    const refused = await upload(new TextEncoder().encode(head + body), 'text/csv');
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('too_many_columns');
    expect(refused.body.error.message).toMatch(/GS2.*200/);
    expect(refused.healthDatabase).toBe('ok');
  });

  it('still refuses a CSV with an unclosed quote as unreadable, naming the row', async () => {
    const refused = await upload(new TextEncoder().encode('Код клиента;Дата регистрации\nK-1;01.02.2024\n"K-2;01.02.2024\n'), 'text/csv');
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('unreadable_file');
    expect(refused.body.error.message).toContain('строки 3');
  });
});
