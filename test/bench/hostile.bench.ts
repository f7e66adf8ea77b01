// /api/health while the API is attacked: its p50/p99 during each attack, printed beside the same figures with no
// attack (the floor) and the ratio, against the goal of answering within 500 ms. The API runs in this process on a
// real PostgreSQL, as `npm start` runs it, so anything that blocks its event loop shows in the health times.
import { deflateRawSync } from 'node:zlib';
import { scenarioExamples } from '../../shared/scenario/examples';
import { startTestApi } from '../support/api';

const say = (line: string) => console.log(`[hostile] ${line}`);
const GOAL_MS = 500;

const api = await startTestApi();
const integration = await api.withToken(['ingest']);
const marketer = await api.loginAs('marketer');

/** Health times (ms) measured back to back, 20 ms apart, while `attack` runs (or for `idleMs` when there is none). */
async function healthTimes(attack: (() => Promise<unknown>) | null, idleMs = 5000): Promise<number[]> {
  const times: number[] = [];
  let done = false;
  const probe = (async () => {
    while (!done) {
      const t = performance.now();
      await (await fetch(`${api.baseUrl}/api/health`)).arrayBuffer();
      times.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  if (attack) await attack();
  else await new Promise((r) => setTimeout(r, idleMs));
  done = true;
  await probe;
  return times.sort((a, b) => a - b);
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

/** Forty copies of one request at once, `rounds` times. */
const fortyAtOnce = (send: () => Promise<unknown>, rounds = 3) => async () => {
  for (let i = 0; i < rounds; i++) await Promise.all(Array.from({ length: 40 }, send));
};

/** A one-sheet XLSX whose single cell sits at XFD1048576: 1,048,576 × 16,384 declared cells. */
function declaredHugeSheet(): Uint8Array {
  const files: Record<string, string> = {
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    '_rels/.rels': '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels': '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml': '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Код клиента</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>',
  };
  return zip(files);
}

/** A minimal zip writer (deflate, no data descriptors), enough for the files above. */
function zip(files: Record<string, string>): Uint8Array {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(packed.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    local.push(header, nameBytes, packed);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, nameBytes);
    offset += header.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...local, directory, end]));
}

function crc32(data: Buffer): number {
  let crc = ~0;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

const loops = '{% assign a = (1..400) %}{% for x in a %}{% for y in a %}{% for z in a %}.{% endfor %}{% endfor %}{% endfor %}';
// As JSON text: JSON.stringify itself overflows the stack at this depth.
const deepSegment = `{"name":"deep","condition":${'{"all":['.repeat(10_000)}{"field":"orderCount","op":"gte","value":1}${']}'.repeat(10_000)}}`;
const hostileDocument = structuredClone(scenarioExamples[0].document) as unknown as { nodes: { type: string; config: Record<string, unknown> }[] };
for (const node of hostileDocument.nodes) if (node.type === 'send' || node.type === 'reminder') node.config.text = loops;

try {
  await healthTimes(null, 1000); // warm-up
  const floor = await healthTimes(null);
  say(`floor: /api/health with no attack: p50 ${pct(floor, 0.5).toFixed(1)} ms, p99 ${pct(floor, 0.99).toFixed(1)} ms (${floor.length} calls)`);
  const attacks: [string, () => Promise<unknown>][] = [
    ['40 × validate of a scenario whose texts loop 400³ times', fortyAtOnce(() => marketer.post('/api/scenarios/validate', hostileDocument))],
    ['40 × audience estimate of the same scenario', fortyAtOnce(() => marketer.post('/api/scenarios/audience', hostileDocument))],
    ['40 × a 1 KB XLSX declaring 1,048,576 × 16,384 cells', fortyAtOnce(() => integration.post('/api/import/customers', undefined, { raw: declaredHugeSheet(), headers: { 'Content-Type': 'application/octet-stream' } }))],
    ['40 × wrong password for the same account', fortyAtOnce(() => api.post('/api/auth/login', { email: 'nobody@comeback.local', password: 'guess' }))],
    ['40 × a segment whose condition nests 10,000 groups', fortyAtOnce(() => marketer.post('/api/segments', undefined, { raw: deepSegment, headers: { 'Content-Type': 'application/json' } }), 1)],
  ];
  for (const [name, attack] of attacks) {
    const times = await healthTimes(attack);
    const p50 = pct(times, 0.5);
    const p99 = pct(times, 0.99);
    say(`${name}: health p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (${times.length} calls) — floor p99 ${pct(floor, 0.99).toFixed(1)} ms, ratio ${(p99 / pct(floor, 0.99)).toFixed(1)}×, goal < ${GOAL_MS} ms${p99 < GOAL_MS ? '' : '  ← MISSED'}`);
  }
} finally {
  await api.stop();
}
