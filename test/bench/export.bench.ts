// Exports of a large segment through the real API (GET /api/segments/:id/customers?format=csv|xlsx) on a real
// PostgreSQL cluster: peak memory (max RSS) and time of each export, each in a fresh child process that starts the
// whole API and downloads the file, next to its floors in the same kind of process: the API started and idle (the
// memory floor), and PostgreSQL writing the same rows as CSV itself (`COPY (…) TO STDOUT`, the time floor). V8 lets
// short-lived garbage pile up to a couple of hundred MB before a full collection, so each export also runs with the
// old generation capped (HEAP_CAP_MB): an export that held its rows would run out of memory there.
// BENCH_EXPORT_ROWS sets the size (default 500,000 customers).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { connect } from '../../server/db/client';
import { startTestApi } from '../support/api';
import { startTestDatabase } from '../support/postgres';

const ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 500_000);
const HEAP_CAP_MB = 96;
type Mode = 'idle' | 'copy' | 'csv' | 'xlsx';

interface Figures {
  mode: Mode;
  bytes: number;
  firstByteMs: number;
  ms: number;
  maxRssMb: number;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const signed = (n: number) => (n >= 0 ? '+' : '−') + fmt(Math.abs(n));

/** One measurement in this process (the child): start the API on the loaded database, run the mode, report. */
async function child(mode: Mode, url: string, segmentId: string): Promise<Figures> {
  const sql = connect(url, { max: 10 });
  const api = await startTestApi({ db: { url, sql, stop: () => sql.end({ timeout: 5 }) } });
  const marketer = await api.loginAs('marketer');
  let bytes = 0;
  let firstByteMs = 0;
  const started = performance.now();
  const count = (chunk: Uint8Array) => {
    if (bytes === 0) firstByteMs = performance.now() - started;
    bytes += chunk.length;
  };
  if (mode === 'copy') {
    const stream = await sql`
      COPY (SELECT c.id, c.name, c.phone, c.email, c.city, c.card_type, s.order_count, s.total_spent, s.avg_check, s.last_order_at
              FROM customers c LEFT JOIN customer_stats s ON s.customer_id = c.id ORDER BY c.id)
        TO STDOUT (FORMAT csv, DELIMITER ';', HEADER)`.readable();
    for await (const chunk of stream) count(chunk as Buffer);
  } else if (mode !== 'idle') {
    const response = await fetch(`${api.baseUrl}/api/segments/${segmentId}/customers?format=${mode}`, { headers: marketer.authHeaders });
    if (response.status !== 200) throw new Error(`export answered ${response.status}: ${await response.text()}`);
    const reader = response.body!.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) count(chunk.value);
  }
  const ms = performance.now() - started;
  await api.stop();
  await sql.end({ timeout: 5 });
  return { mode, bytes, firstByteMs, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

function measure(mode: Mode, url: string, segmentId: string, heapCapMb?: number): Promise<Figures | null> {
  return new Promise((resolve, reject) => {
    const flags = heapCapMb ? [`--max-old-space-size=${heapCapMb}`] : [];
    const proc = spawn(process.execPath, [...flags, '--import', 'tsx', fileURLToPath(import.meta.url), 'child', mode, url, segmentId], {
      stdio: ['ignore', 'pipe', heapCapMb ? 'ignore' : 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (chunk) => (out += chunk));
    proc.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code === 0 && line) resolve(JSON.parse(line) as Figures);
      else if (heapCapMb) resolve(null);
      else reject(new Error(`${mode} child exited with ${code}: ${out}`));
    });
  });
}

async function parent() {
  const db = await startTestDatabase();
  try {
    const t = performance.now();
    // Names, emails and cities of realistic length; every 1,000th customer carries a formula-looking name.
    await db.sql`
      INSERT INTO customers (id, name, phone, email, city, card_type, registered_at)
      SELECT 'c' || lpad(i::text, 7, '0'),
             CASE WHEN i % 1000 = 0 THEN '=HYPERLINK("http://evil.example/' || i || '","x")' ELSE 'Клиентова Анна Сергеевна ' || i END,
             '+7912' || lpad(i::text, 7, '0'), 'client' || i || '@example.ru',
             (ARRAY['Москва', 'Санкт-Петербург', 'Казань', 'Екатеринбург'])[1 + i % 4],
             CASE WHEN i % 50 = 0 THEN 'vip' ELSE 'regular' END, now() - interval '800 days'
        FROM generate_series(1, ${ROWS}) AS i`;
    await db.sql`
      INSERT INTO customer_stats (customer_id, order_count, total_spent, avg_check, first_order_at, last_order_at)
      SELECT 'c' || lpad(i::text, 7, '0'), 1 + i % 20, (1 + i % 20) * 735.5, 735.5,
             now() - interval '700 days', now() - (i % 400) * interval '1 day'
        FROM generate_series(1, ${ROWS}) AS i`;
    await db.sql`ANALYZE`;
    const [segment] = await db.sql<{ id: string }[]>`
      INSERT INTO segments (name, condition) VALUES ('Все покупатели', '{"all":[{"field":"orderCount","op":"gte","value":1}]}') RETURNING id`;
    console.log(`[export] ${fmt(ROWS)} customers loaded in ${((performance.now() - t) / 1000).toFixed(1)} s; each figure from a fresh process running the API`);
    const idle = (await measure('idle', db.url, segment.id))!;
    console.log(`[export] API started, idle: max RSS ${fmt(idle.maxRssMb)} MB (the memory floor)`);
    const copy = (await measure('copy', db.url, segment.id))!;
    console.log(`[export] COPY … TO STDOUT of the same rows: ${fmt(copy.bytes / 1024)} KB in ${fmt(copy.ms)} ms, max RSS ${fmt(copy.maxRssMb)} MB (the time floor)`);
    for (const mode of ['csv', 'xlsx'] as const) {
      const f = (await measure(mode, db.url, segment.id))!;
      const capped = await measure(mode, db.url, segment.id, HEAP_CAP_MB);
      console.log(
        `[export] ${mode.toUpperCase()}: ${fmt(f.bytes / 1024)} KB, first byte after ${fmt(f.firstByteMs)} ms, done in ${fmt(f.ms)} ms ` +
          `(${(f.ms / copy.ms).toFixed(1)}× COPY); max RSS ${fmt(f.maxRssMb)} MB (${signed(f.maxRssMb - idle.maxRssMb)} MB over idle); ` +
          (capped
            ? `with the heap capped at ${HEAP_CAP_MB} MB: max RSS ${fmt(capped.maxRssMb)} MB (${signed(capped.maxRssMb - idle.maxRssMb)} MB), done in ${fmt(capped.ms)} ms`
            : `with the heap capped at ${HEAP_CAP_MB} MB: FAILED (out of memory)`),
      );
    }
  } finally {
    await db.stop();
  }
}

if (process.argv[2] === 'child') {
  const figures = await child(process.argv[3] as Mode, process.argv[4], process.argv[5]);
  console.log(JSON.stringify(figures));
  process.exit(0);
} else {
  await parent();
}
