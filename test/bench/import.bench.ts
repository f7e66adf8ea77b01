// Spreadsheet import of 100,000 customers (BENCH_IMPORT_ROWS), as XLSX written like Excel writes it (shared
// strings, date cells) and as a semicolon CSV, into a real PostgreSQL cluster. Each figure comes from its own child
// process, which reports its time and its peak RSS (`process.resourceUsage().maxRSS`), so one run's memory cannot
// hide in another's. Floors: the bare unzip + UTF-8 decode + scan for '<' of the same XLSX bytes (the least any
// streaming XLSX reader does), the bare decode + scan for line ends of the same CSV, and a COPY of the same rows
// (the least any writer does). For comparison, exceljs `workbook.xlsx.load`, the reader before the streaming one.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';
import { Random } from '../../server/demo/random';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const HEADERS = ['Код клиента', 'Имя', 'Телефон', 'Email', 'Город', 'Дата регистрации', 'Тип карты', 'Подписка SMS', 'Подписка email'];
const NAMES = ['Анна Смирнова', 'Игорь Волков', 'Ольга Петрова', 'Дмитрий Соколов', 'Мария Орлова', 'Сергей Кузнецов', 'Елена Попова', 'Алексей Морозов'];
const CITIES = ['Москва', 'Казань', 'Екатеринбург', 'Новосибирск', 'Самара', 'Краснодар', 'Пермь', 'Тюмень'];

interface Customer {
  id: string;
  name: string;
  phone: number;
  email: string;
  city: string;
  registered: Date;
  vip: boolean;
  subSms: boolean;
  subEmail: boolean;
}

function customers(): Customer[] {
  const rnd = new Random('import-bench');
  const start = Date.UTC(2022, 0, 1);
  return Array.from({ length: ROWS }, (_, i) => ({
    id: `K-${100000 + i}`,
    name: rnd.pick(NAMES),
    phone: 79000000000 + rnd.int(0, 999_999_999),
    email: `client${i}@example.ru`,
    city: rnd.pick(CITIES),
    registered: new Date(start + rnd.int(0, 900) * 86_400_000),
    vip: rnd.chance(0.05),
    subSms: rnd.chance(0.6),
    subEmail: rnd.chance(0.4),
  }));
}

const yesNo = (b: boolean) => (b ? 'да' : 'нет');
const ddmmyyyy = (d: Date) => `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${d.getUTCFullYear()}`;

async function writeXlsx(file: string, rows: Customer[]) {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const sheet = workbook.addWorksheet('Клиенты');
  sheet.columns = HEADERS.map((header, i) => ({ header, key: String(i), style: i === 5 ? { numFmt: 'dd.mm.yyyy' } : {} }));
  for (const c of rows) sheet.addRow([c.id, c.name, c.phone, c.email, c.city, c.registered, c.vip ? 'VIP' : 'обычная', yesNo(c.subSms), yesNo(c.subEmail)]).commit();
  await workbook.commit();
}

async function writeCsv(file: string, rows: Customer[]) {
  const lines = rows.map((c) => [c.id, c.name, `+${c.phone}`, c.email, c.city, ddmmyyyy(c.registered), c.vip ? 'VIP' : 'обычная', yesNo(c.subSms), yesNo(c.subEmail)].join(';'));
  await writeFile(file, `\uFEFF${[HEADERS.join(';'), ...lines].join('\r\n')}\r\n`);
}

/** Inflates every entry of the zip and scans its text for '<': what any streaming reader must at least do. */
async function unzipFloor(bytes: Uint8Array): Promise<number> {
  const zip = await yauzl.fromBufferPromise(Buffer.from(bytes), { lazyEntries: true });
  let tags = 0;
  for await (const entry of zip.eachEntry()) {
    const decoder = new TextDecoder();
    for await (const chunk of await zip.openReadStreamPromise(entry)) {
      const text = decoder.decode(chunk as Buffer, { stream: true });
      for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) tags++;
    }
  }
  return tags;
}

/**
 * One measured operation, run in this process when it is a child; prints its time and this process's peak RSS.
 * Each mode loads only the modules it needs, so "before reading" is that operation's own runtime.
 */
async function child(mode: string, file: string) {
  const bytes = new Uint8Array(await readFile(file));
  const { connect } = await import('../../server/db/client');
  const sql = connect(process.env.BENCH_DATABASE_URL!, { max: 2 });
  let run: () => Promise<unknown>;
  if (mode === 'import') {
    const { importFile } = await import('../../server/import/importFile');
    run = async () => {
      const outcome = await importFile(sql, { kind: 'customers', bytes });
      if (!outcome.applied) throw new Error(`import refused: ${JSON.stringify(outcome.problems.slice(0, 3))}`);
      return outcome.summary;
    };
  } else if (mode === 'read') {
    const { readTable } = await import('../../server/import/read');
    const { mapColumns } = await import('../../server/import/columns');
    run = async () => (await readTable(bytes, (headers) => [...mapColumns(headers, 'customers').columns.keys()])).rows.length;
  } else if (mode === 'unzip') {
    run = () => unzipFloor(bytes);
  } else if (mode === 'decode') {
    run = async () => {
      const text = new TextDecoder().decode(bytes);
      let lines = 0;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
      return lines;
    };
  } else if (mode === 'exceljs') {
    const { default: ExcelJS } = await import('exceljs');
    run = async () => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
      return workbook.worksheets[0].actualRowCount;
    };
  } else {
    const rows = customers().map((c) => `${c.id}\t${c.name}\t+${c.phone}\t${c.email}\t${c.city}\t${c.vip ? 'vip' : 'regular'}\t${c.registered.toISOString()}\t${c.subSms}\t${c.subEmail}\n`);
    run = () =>
      sql.begin(async (tx) => {
        await pipeline(Readable.from(rows), await tx`COPY customers (id, name, phone, email, city, card_type, registered_at, sub_sms, sub_email) FROM STDIN`.writable());
      });
  }
  const beforeMb = process.memoryUsage().rss / 1024 / 1024;
  // BENCH_TRACE_MEMORY=1: where the peak is (V8 heap, its reserved size, buffers outside it), sampled every 100 ms.
  const peaks = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const sampler = process.env.BENCH_TRACE_MEMORY
    ? setInterval(() => {
        const m = process.memoryUsage();
        for (const k of Object.keys(peaks) as (keyof typeof peaks)[]) peaks[k] = Math.max(peaks[k], Math.round(m[k] / 1024 / 1024));
      }, 100)
    : null;
  const started = performance.now();
  const detail = await run();
  const ms = performance.now() - started;
  if (sampler) {
    clearInterval(sampler);
    console.error(`  [${mode}] peaks in MB: ${JSON.stringify(peaks)}`);
  }
  const peakMb = process.resourceUsage().maxRSS / 1024;
  await sql.end();
  process.stdout.write(`${JSON.stringify({ ms, peakMb, beforeMb, detail })}\n`);
}

interface Measured {
  ms: number;
  peakMb: number;
  beforeMb: number;
  detail: unknown;
}

function measure(mode: string, file: string, databaseUrl: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', mode, file], {
      env: { ...process.env, BENCH_DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`${mode} failed (exit ${code})`))));
  });
}

const say = (line: string) => console.log(`  ${line}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (n: number) => `${Math.round(n)} MB`;
const figure = (m: Measured) => `${seconds(m.ms)}, peak RSS ${mb(m.peakMb)} (${mb(m.beforeMb)} before reading)`;

async function main() {
  const { startTestDatabase } = await import('../support/postgres');
  const dir = await mkdtemp(join(tmpdir(), 'comeback-import-bench-'));
  const db = await startTestDatabase();
  try {
    const rows = customers();
    const xlsx = join(dir, 'customers.xlsx');
    const csv = join(dir, 'customers.csv');
    await writeXlsx(xlsx, rows);
    await writeCsv(csv, rows);
    const unpacked = await sheetSize(xlsx);
    console.log(`Import of ${ROWS.toLocaleString('en-US')} customers, ${HEADERS.length} columns, into real PostgreSQL; each figure from its own child process (goal: peak RSS under 300 MB)`);
    const truncate = () => db.sql`TRUNCATE customers CASCADE`;

    say(`XLSX written by exceljs like Excel (shared strings, date cells): ${mb((await stat(xlsx)).size / 1024 / 1024)} file, ${mb(unpacked / 1024 / 1024)} of sheet XML`);
    await truncate();
    const importXlsx = await measure('import', xlsx, db.url);
    say(`import (read, check every row, write in one transaction): ${figure(importXlsx)}`);
    const readXlsx = await measure('read', xlsx, db.url);
    say(`read only (the streaming reader, the 9 known columns kept): ${figure(readXlsx)}`);
    const unzip = await measure('unzip', xlsx, db.url);
    say(`floor, bare unzip + UTF-8 decode + scan for '<' of the same bytes: ${figure(unzip)}`);
    const exceljs = await measure('exceljs', xlsx, db.url);
    say(`comparison, exceljs workbook.xlsx.load (the reader before): ${figure(exceljs)}`);

    say(`CSV (UTF-8 with BOM, semicolons): ${mb((await stat(csv)).size / 1024 / 1024)}`);
    await truncate();
    const importCsv = await measure('import', csv, db.url);
    say(`import: ${figure(importCsv)}`);
    const readCsv = await measure('read', csv, db.url);
    say(`read only: ${figure(readCsv)}`);
    const decode = await measure('decode', csv, db.url);
    say(`floor, bare UTF-8 decode + scan for line ends: ${figure(decode)}`);

    await truncate();
    const copy = await measure('copy', csv, db.url);
    say(`floor, COPY of the same rows into customers: ${seconds(copy.ms)}`);
    say(`ratio XLSX import ÷ (unzip floor + COPY): ${(importXlsx.ms / (unzip.ms + copy.ms)).toFixed(2)}×; reader ÷ unzip floor: ${(readXlsx.ms / unzip.ms).toFixed(2)}×; reader ÷ exceljs: ${(readXlsx.ms / exceljs.ms).toFixed(2)}× time, ${(readXlsx.peakMb / exceljs.peakMb).toFixed(2)}× peak RSS`);
    say(`ratio CSV import ÷ (decode floor + COPY): ${(importCsv.ms / (decode.ms + copy.ms)).toFixed(2)}×; reader ÷ decode floor: ${(readCsv.ms / decode.ms).toFixed(2)}×`);
  } finally {
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Uncompressed size of the worksheet XML, as the import's limit counts it. */
async function sheetSize(file: string): Promise<number> {
  const zip = await yauzl.fromBufferPromise(await readFile(file), { lazyEntries: true });
  let size = 0;
  for await (const entry of zip.eachEntry()) if (entry.fileName.startsWith('xl/worksheets/')) size += entry.uncompressedSize;
  return size;
}

if (process.argv[2] === '--child') {
  child(process.argv[3], process.argv[4]).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
