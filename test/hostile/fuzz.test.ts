// Random JSON and random bytes at the endpoints that take data from outside (ingest, import, scenarios, segments):
// never a 5xx, never a crash, and /api/health keeps answering quickly on the same process while they run.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioExamples } from '../../shared/scenario/examples';
import { startTestApi, type ApiClient, type TestApi } from '../support/api';

let api: TestApi;
let integration: ApiClient;
let marketer: ApiClient;
let scenarioId: string;
let revision: number;

beforeAll(async () => {
  api = await startTestApi();
  integration = await api.withToken(['ingest']);
  marketer = await api.loginAs('marketer');
  const created = await marketer.post('/api/scenarios', scenarioExamples[0].document);
  expect(created.status).toBe(201);
  scenarioId = created.body.id;
  revision = created.body.draftRevision;
}, 120_000);

afterAll(() => api?.stop());

/**
 * Runs `attack` while a second client calls /api/health every 50 ms on the same server. Returns the longest time
 * the API's event loop stalled (it runs in this process, so a request that hogs the thread shows up here) and the
 * health answers' times.
 */
async function healthDuring(attack: () => Promise<void>): Promise<{ stalledMs: number; healthMs: number[] }> {
  let done = false;
  const healthMs: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const watcher = (async () => {
    while (!done) {
      const started = performance.now();
      const res = await fetch(`${api.baseUrl}/api/health`);
      await res.arrayBuffer();
      healthMs.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  try {
    await attack();
  } finally {
    done = true;
    await watcher;
    loop.disable();
  }
  return { stalledMs: loop.max / 1e6, healthMs };
}

/**
 * The server kept answering while attacked. Bounds are for a shared 2-core machine running the whole suite in
 * parallel, where a process can wait a few hundred milliseconds for a core through no fault of its own: health's
 * typical answer under 500 ms, every answer under 3 s, and no stall of the API's thread over 1.5 s (the freezes
 * this guards against lasted 9 s to 20 minutes). `npm run bench` measures health's p99 under attack on a quiet
 * machine against the 500 ms goal.
 */
function expectResponsive({ stalledMs, healthMs }: Awaited<ReturnType<typeof healthDuring>>) {
  expect(healthMs.length).toBeGreaterThan(0);
  const sorted = [...healthMs].sort((a, b) => a - b);
  expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(500);
  expect(sorted[sorted.length - 1]).toBeLessThan(3000);
  expect(stalledMs).toBeLessThan(1500);
}

/** Any JSON at all: objects, arrays, deep nesting, huge and odd numbers, unicode strings. */
const anyJson = fc.jsonValue({ maxDepth: 6 });

/** Strings people and attackers put in fields: formulas, templates, SQL, control characters, very long text. */
const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('=HYPERLINK("http://x","y")', "'; DROP TABLE customers; --", '{{ customer.name }}', '{% for i in (1..99999999) %}x{% endfor %}', '\u0000', '\uD800', '1e309', '-0', '__proto__', 'constructor'),
  fc.string({ minLength: 5000, maxLength: 20000 }),
);

/** A valid-looking record with some fields replaced by hostile values: reaches deeper than pure noise. */
const customerish = fc.record(
  {
    id: fc.oneof(hostileText, fc.integer(), fc.constant(null)),
    name: hostileText,
    phone: hostileText,
    email: hostileText,
    registeredAt: fc.oneof(hostileText, fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.integer()),
    timezone: hostileText,
    subscriptions: fc.oneof(anyJson, fc.record({ sms: fc.oneof(fc.boolean(), hostileText), email: anyJson })),
    cardType: hostileText,
  },
  { requiredKeys: [] },
);

const orderish = fc.record(
  {
    id: fc.oneof(hostileText, fc.integer()),
    customerId: hostileText,
    amount: fc.oneof(fc.double(), fc.integer(), hostileText),
    placedAt: fc.oneof(hostileText, fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
    bonusSpent: fc.oneof(fc.double(), hostileText),
    items: fc.oneof(anyJson, fc.array(fc.record({ sku: hostileText, qty: fc.oneof(fc.double(), hostileText), price: fc.double() }, { requiredKeys: [] }), { maxLength: 5 })),
  },
  { requiredKeys: [] },
);

const expectNo5xx = (status: number, what: string) => expect(status, what).toBeLessThan(500);

describe('hostile input never breaks the server', () => {
  it('ingest of customers and orders: random JSON and hostile records get 2xx/4xx, health stays quick', async () => {
    const health = await healthDuring(async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(anyJson, fc.array(customerish, { maxLength: 20 })), async (body) => {
          const res = await integration.post('/api/customers', body);
          expectNo5xx(res.status, JSON.stringify(res.body).slice(0, 300));
        }),
        { numRuns: 150 },
      );
      await fc.assert(
        fc.asyncProperty(fc.oneof(anyJson, fc.array(orderish, { maxLength: 20 })), async (body) => {
          const res = await integration.post('/api/orders', body);
          expectNo5xx(res.status, JSON.stringify(res.body).slice(0, 300));
        }),
        { numRuns: 150 },
      );
    });
    expectResponsive(health);
  }, 300_000);

  it('import: random bytes, mangled CSV and mangled XLSX get 2xx/4xx, health stays quick', async () => {
    const csv = new TextEncoder().encode('Код клиента;Имя;Дата регистрации\nc-1;Анна;01.02.2024\nc-2;=1+1;02.02.2024\n');
    const template = await integration.get('/api/import/customers/template');
    expect(template.status).toBe(200);
    const mangle = (bytes: Uint8Array) =>
      fc.array(fc.tuple(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }).map((edits) => {
        const copy = new Uint8Array(bytes);
        for (const [at, value] of edits) copy[at] = value;
        return copy;
      });
    const files = fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 4096 }), mangle(csv), mangle(await xlsxSample()));
    const health = await healthDuring(async () => {
      await fc.assert(
        fc.asyncProperty(files, fc.constantFrom('customers', 'orders'), async (bytes, kind) => {
          const res = await integration.post(`/api/import/${kind}`, undefined, { raw: bytes, headers: { 'Content-Type': 'application/octet-stream' } });
          expectNo5xx(res.status, JSON.stringify(res.body).slice(0, 300));
        }),
        { numRuns: 150 },
      );
    });
    expectResponsive(health);
  }, 300_000);

  it('scenarios and segments: random documents and conditions get 2xx/4xx, health stays quick', async () => {
    const valid = scenarioExamples[1].document as unknown as Record<string, unknown>;
    // A real document with one part replaced by anything: passes the outer checks, probes the inner ones.
    const mutatedDocument = fc.tuple(fc.constantFrom(...Object.keys(valid)), anyJson).map(([key, value]) => ({ ...valid, [key]: value }));
    const mutatedNode = fc.tuple(fc.nat(), anyJson).map(([i, config]) => {
      const nodes = (valid.nodes as Record<string, unknown>[]).map((n) => ({ ...n }));
      const node = nodes[i % nodes.length];
      node[Object.keys(node)[i % Object.keys(node).length]] = config;
      return { ...valid, nodes };
    });
    const documents = fc.oneof(anyJson, mutatedDocument, mutatedNode);
    const health = await healthDuring(async () => {
      await fc.assert(
        fc.asyncProperty(documents, async (document) => {
          for (const [method, path, body] of [
            ['POST', '/api/scenarios/validate', document],
            ['POST', '/api/scenarios', document],
            ['PUT', `/api/scenarios/${scenarioId}`, { document, baseRevision: revision }],
            ['POST', '/api/scenarios/audience', document],
          ] as const) {
            const res = await marketer.request(method, path, body);
            expectNo5xx(res.status, `${method} ${path}: ${JSON.stringify(res.body).slice(0, 300)}`);
            if (method === 'PUT' && res.status === 200) revision = res.body.draftRevision;
          }
        }),
        { numRuns: 80 },
      );
      await fc.assert(
        fc.asyncProperty(anyJson, hostileText, async (condition, name) => {
          const res = await marketer.post('/api/segments', { name, condition });
          expectNo5xx(res.status, JSON.stringify(res.body).slice(0, 300));
        }),
        { numRuns: 150 },
      );
    });
    expectResponsive(health);
  }, 300_000);
});

/** A small valid XLSX of customers, made with the same library the exports use. */
async function xlsxSample(): Promise<Uint8Array> {
  const ExcelJS = (await import('exceljs')).default;
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Клиенты');
  sheet.addRow(['Код клиента', 'Имя', 'Дата регистрации', 'Подписка SMS']);
  sheet.addRow(['c-10', 'Борис', new Date(Date.UTC(2024, 1, 1)), 'да']);
  sheet.addRow(['c-11', '+7 (912) 000-00-00', new Date(Date.UTC(2024, 1, 2)), 'нет']);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
