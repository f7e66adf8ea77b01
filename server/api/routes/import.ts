import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { audit } from '../../audit';
import { CUSTOMER_COLUMNS, ORDER_COLUMNS, type ImportKind } from '../../import/columns';
import { importFile } from '../../import/importFile';
import { IMPORT_LIMITS, ImportLimitError, UnreadableFileError } from '../../import/limits';
import { importTemplate } from '../../import/template';
import { isIanaTimeZone } from '../../../shared/time/zoned';
import { ApiError, badRequest, ErrorBody, preferredLanguage } from '../errors';
import { actorOf, defineRoute, type App, type AppEnv } from '../route';

const IMPORT_BODY_LIMIT = 32 * 1024 * 1024;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const ProblemSchema = z.object({
  row: z.number().int().meta({ description: 'Spreadsheet row number; the header is row 1' }),
  column: z.string().nullable(),
  field: z.string().nullable(),
  message: z.string(),
  messageRu: z.string(),
});

const AppliedSchema = z
  .object({
    applied: z.literal(true),
    kind: z.enum(['customers', 'orders']),
    format: z.enum(['csv', 'xlsx']),
    rows: z.number().int(),
    summary: z.object({
      accepted: z.number(),
      updated: z.number(),
      duplicate: z.number(),
      rejected: z.number(),
      keptOptOut: z.number().optional().meta({ description: 'Customers: rows whose subscription stays off, because the customer opted out in Comeback after the row\'s consent date (or it has none)' }),
    }),
    ignoredColumns: z.array(z.string()).meta({ description: 'Headers that matched no known column and were ignored' }),
  })
  .meta({ id: 'ImportApplied' });

const RejectedSchema = z
  .object({
    error: z.object({ code: z.literal('import_rejected'), message: z.string(), issues: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })) }),
    applied: z.literal(false),
    kind: z.enum(['customers', 'orders']),
    format: z.enum(['csv', 'xlsx']),
    rows: z.number().int(),
    problems: z.array(ProblemSchema),
    ignoredColumns: z.array(z.string()),
  })
  .meta({ id: 'ImportRejected' });

const limitsDoc = [
  'Limits, enforced while the file is read, so a file past one is refused within seconds whatever it declares about itself:',
  `- at most ${IMPORT_LIMITS.rows.toLocaleString('en-US')} data rows (rows with at least one value; the header row and empty rows do not count): 413 \`too_many_rows\`;`,
  `- values in at most ${IMPORT_LIMITS.columns} columns (empty cells further right, even formatted ones, are ignored): 400 \`too_many_columns\`;`,
  `- at most ${IMPORT_LIMITS.cellChars.toLocaleString('en-US')} characters in a cell, as in Excel: 413 \`cell_too_long\`;`,
  `- XLSX: at most ${IMPORT_LIMITS.sheetBytes / 1024 / 1024} MB of sheet XML unpacked (all sheets read together), ${IMPORT_LIMITS.sharedStringsBytes / 1024 / 1024} MB of shared strings, ${IMPORT_LIMITS.partBytes / 1024 / 1024} MB for each other part, one XML tag or text of at most ${IMPORT_LIMITS.xmlTokenChars.toLocaleString('en-US')} characters: 413 \`unpacked_too_large\`;`,
  `- XLSX: at most ${IMPORT_LIMITS.zipEntries.toLocaleString('en-US')} files in the archive, ${IMPORT_LIMITS.sheets} sheets and ${IMPORT_LIMITS.xmlDepth} levels of XML nesting: 400 \`xlsx_too_complex\`.`,
  'A file that cannot be read at all (corrupt, password-protected, an old XLS, a CSV with an unclosed quote) is refused with 400 `unreadable_file`.',
].join('\n');

/** The error code of each refusal, as the route description lists them. */
const LIMIT_CODES: Record<ImportLimitError['limit'], string> = {
  rows: 'too_many_rows',
  columns: 'too_many_columns',
  cellChars: 'cell_too_long',
  sheetBytes: 'unpacked_too_large',
  sharedStringsBytes: 'unpacked_too_large',
  partBytes: 'unpacked_too_large',
  xmlTokenChars: 'unpacked_too_large',
  zipEntries: 'xlsx_too_complex',
  sheets: 'xlsx_too_complex',
  xmlDepth: 'xlsx_too_complex',
};

const headersDoc = (columns: typeof CUSTOMER_COLUMNS) =>
  columns.map((c) => `- \`${c.field}\`${c.required ? ' (required)' : ''}: «${c.title}», ${c.aliases.map((a) => `«${a}»`).join(', ')}`).join('\n');

const routeFor = (kind: ImportKind) =>
  defineRoute({
    method: 'post',
    path: `/api/import/${kind}`,
    tags: ['Import'],
    summary: kind === 'customers' ? 'Import customers from a CSV or XLSX file (all or nothing)' : 'Import orders from a CSV or XLSX file (all or nothing)',
    description: [
      `Send the file as \`multipart/form-data\` (field \`file\`) or as the raw body (\`text/csv\` or XLSX), at most ${IMPORT_BODY_LIMIT / 1024 / 1024} MB. CSV may be UTF-8 or Windows-1251, separated by \`;\`, \`,\` or tab. The first sheet of an XLSX workbook that has a value is read; its first row with a value holds the headers, and rows are numbered as the spreadsheet shows them.`,
      `Every row is checked first. **A file with any bad row changes nothing** (422 with every bad row: its number, column and reason); a good file is applied in one transaction, with the same rules as the JSON API.`,
      limitsDoc,
      'Dates: `dd.mm.yyyy`, `dd.mm.yyyy hh:mm`, `yyyy-mm-dd` or ISO-8601, read in the `timezone` query parameter (default Europe/Moscow). Numbers may use a decimal comma and spaces between thousands. Yes/no cells: да/нет, yes/no, 1/0, +/-.',
      kind === 'orders'
        ? 'Orders may be one row per order, or one row per order line: rows with the same order number are lines of one order. Without a «Сумма» column the amount is the sum of price × quantity.'
        : 'Existing customers are updated: columns present in the file overwrite stored values, absent columns keep them.',
      `Accepted headers (case, «ё» and punctuation do not matter):\n${headersDoc(kind === 'customers' ? CUSTOMER_COLUMNS : ORDER_COLUMNS)}`,
    ].join('\n\n'),
    access: { roles: ['marketer'], token: 'ingest' },
    bodyLimit: IMPORT_BODY_LIMIT,
    request: {
      query: z.object({ timezone: z.string().optional().meta({ description: 'IANA zone of dates written without one', example: 'Asia/Yekaterinburg' }) }),
      body: {
        content: {
          'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } },
          'text/csv': { schema: { type: 'string' } },
          [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } },
        },
      },
    },
    responses: {
      200: { description: 'Applied', content: { 'application/json': { schema: AppliedSchema } } },
      400: { description: 'Unreadable file, a value past the column limit, or too many parts in an XLSX file (see the limits above); nothing was changed', content: { 'application/json': { schema: ErrorBody } } },
      413: { description: `Body over ${IMPORT_BODY_LIMIT / 1024 / 1024} MB, or the file is past a limit of size: rows, cell length, unpacked XLSX size (see the limits above); nothing was changed`, content: { 'application/json': { schema: ErrorBody } } },
      422: { description: 'Rejected: nothing was changed', content: { 'application/json': { schema: RejectedSchema } } },
    },
  });

const template = defineRoute({
  method: 'get',
  path: '/api/import/{kind}/template',
  tags: ['Import'],
  summary: 'A CSV template with every accepted column and example rows (opens in Excel as is)',
  access: { roles: ['marketer'], token: 'ingest' },
  request: { params: z.object({ kind: z.enum(['customers', 'orders']) }) },
  responses: { 200: { description: 'CSV, UTF-8 with BOM, semicolon-separated', content: { 'text/csv': { schema: { type: 'string' } } } } },
});

async function fileBytes(c: Context<AppEnv>): Promise<Uint8Array> {
  const type = c.req.header('content-type') ?? '';
  if (/^multipart\/form-data/i.test(type)) {
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File)) throw badRequest('file_missing', { ru: 'Приложите файл в поле «file»', en: 'Attach the file in the "file" form field' });
    return new Uint8Array(await file.arrayBuffer());
  }
  return new Uint8Array(await c.req.arrayBuffer());
}

export function register(app: App) {
  app.openapi(template, (c) => {
    const { kind } = c.req.valid('param');
    const name = kind === 'customers' ? 'clients' : 'orders';
    return c.body(importTemplate(kind), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="comeback-${name}-template.csv"`,
    });
  });

  for (const kind of ['customers', 'orders'] as const) {
    app.openapi(routeFor(kind), async (c) => {
      const { sql, onOrdersIngested } = c.var.deps;
      const { timezone } = c.req.valid('query');
      if (timezone !== undefined && !isIanaTimeZone(timezone)) {
        throw badRequest('invalid_timezone', { ru: `Неизвестный часовой пояс «${timezone}»: нужен IANA, например Europe/Moscow`, en: `Unknown time zone "${timezone}": use an IANA name such as Europe/Moscow` });
      }
      const bytes = await fileBytes(c);
      if (bytes.length === 0) throw badRequest('file_empty', { ru: 'Файл пустой', en: 'The file is empty' });
      const outcome = await importFile(sql, { kind, bytes, timeZone: timezone, actor: actorOf(c) }, {
        onOrdersIngested,
        onHookError: (error) => c.var.log.error({ err: error }, 'import: telling live runs about new orders failed'),
      }).catch((error) => {
        if (error instanceof UnreadableFileError) throw new ApiError(400, 'unreadable_file', { ru: error.messageRu, en: error.message });
        if (error instanceof ImportLimitError) throw new ApiError(error.status, LIMIT_CODES[error.limit], { ru: error.messageRu, en: error.message });
        throw error;
      });
      await audit(sql, {
        ...actorOf(c),
        action: `import.${kind}`,
        details: outcome.applied
          ? { format: outcome.format, rows: outcome.rows, summary: outcome.summary }
          : { format: outcome.format, rows: outcome.rows, rejectedRows: new Set(outcome.problems.map((p) => p.row)).size },
      });
      if (outcome.applied) return c.json(outcome, 200);
      const ru = preferredLanguage(c) === 'ru';
      const badRows = new Set(outcome.problems.map((p) => p.row)).size;
      const message = ru
        ? `Файл не загружен: ошибок — ${outcome.problems.length} (строк: ${badRows}). Ничего не изменено — исправьте строки и загрузите файл снова.`
        : `The file was not imported: ${outcome.problems.length} problem(s) in ${badRows} row(s). Nothing was changed; fix the rows and upload the file again.`;
      const issues = outcome.problems.map((p) => ({
        path: `rows.${p.row}${p.column ? `.${p.column}` : ''}`,
        code: 'invalid_row',
        message: ru ? p.messageRu : p.message,
      }));
      return c.json({ error: { code: 'import_rejected' as const, message, issues }, ...outcome }, 422);
    });
  }
}
