// The editor with a 10-node and a generated 300-node scenario: validate + compile time in Node, and in headless
// Chromium against the real server (started as the browser tests start it) the time from navigation to an
// interactive canvas and the frame rate while a node is dragged and while the canvas is panned.
import { chromium, type Page } from '@playwright/test';
import { compileScenario } from '../../shared/scenario/compile';
import { ScenarioDocumentSchema, type ScenarioDocumentInput } from '../../shared/scenario/schema';
import { validateScenario } from '../../shared/scenario/validate';
import { E2E_ADMIN } from '../e2e/credentials';
import startServer from '../e2e/globalSetup';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * A reactivation ladder of `size` nodes: trigger, audience, frequency limit, then steps of «message → wait → did they
 * buy?», each «yes» ending in an exit, laid out as the editor saves it (positions included).
 */
function ladder(size: number): ScenarioDocumentInput {
  const nodes: ScenarioDocumentInput['nodes'] = [
    { id: 'start', type: 'dailyTrigger', position: { x: 0, y: 0 }, config: { at: '10:00' } },
    {
      id: 'audience',
      type: 'filter',
      position: { x: 0, y: 140 },
      config: { condition: { all: [{ field: 'orderCount', op: 'gte', value: 1 }, { field: 'daysSinceLastOrder', op: 'gte', value: 90 }] } },
    },
    { id: 'once', type: 'frequencyLimit', position: { x: 0, y: 280 }, config: { count: 'entries', scope: 'scenario', max: 1, periodDays: 180 } },
  ];
  const edges: ScenarioDocumentInput['edges'] = [
    { from: 'start', port: 'out', to: 'audience' },
    { from: 'audience', port: 'yes', to: 'once' },
  ];
  let previous = { id: 'once', port: 'pass' };
  let y = 420;
  for (let step = 1; nodes.length < size; step++) {
    const block = [
      { id: `send${step}`, type: 'send' as const, config: { channel: 'email' as const, subject: `Письмо ${step}`, text: `{{ customer.firstName }}, напоминаем о себе (${step})` } },
      { id: `wait${step}`, type: 'wait' as const, config: { days: 3 + (step % 10) } },
      { id: `check${step}`, type: 'checkOrders' as const, config: {} },
    ];
    for (const node of block) {
      if (nodes.length >= size) break;
      nodes.push({ ...node, position: { x: 0, y } } as ScenarioDocumentInput['nodes'][number]);
      edges.push({ from: previous.id, port: previous.port, to: node.id });
      previous = { id: node.id, port: node.type === 'checkOrders' ? 'no' : 'out' };
      y += 140;
    }
    if (nodes.length < size && previous.port === 'no') {
      nodes.push({ id: `done${step}`, type: 'exit', position: { x: 340, y: y - 140 }, config: {} });
      edges.push({ from: `check${step}`, port: 'yes', to: `done${step}` });
    }
  }
  return { format: 'scenario/v1', name: `Лестница из ${size} узлов`, nodes, edges };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median milliseconds of `work` over enough repetitions to take about half a second. */
function time(work: () => void): number {
  const samples: number[] = [];
  const until = performance.now() + 500;
  while (samples.length < 5 || performance.now() < until) {
    const t = performance.now();
    work();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

/** Frames the page painted per second while `gesture` ran (requestAnimationFrame counted in the page). */
async function framesPerSecond(page: Page, gesture: () => Promise<void>): Promise<number> {
  // A string, not a function: tsx would wrap named functions in a helper the page does not have.
  await page.evaluate(`(() => {
    window.benchFrames = 0;
    window.benchCounting = true;
    const tick = () => {
      if (!window.benchCounting) return;
      window.benchFrames++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  const started = await page.evaluate(() => performance.now());
  await gesture();
  const { frames, ended } = (await page.evaluate(`(() => {
    window.benchCounting = false;
    return { frames: window.benchFrames, ended: performance.now() };
  })()`)) as { frames: number; ended: number };
  return (frames * 1000) / (ended - started);
}

async function drag(page: Page, from: { x: number; y: number }, by: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= 60; i++) await page.mouse.move(from.x + (by.x * i) / 60, from.y + (by.y * i) / 60);
  await page.mouse.up();
}

interface Figures {
  nodes: number;
  validateMs: number;
  compileMs: number;
  openMs: number;
  dragFps: number;
  panFps: number;
}

async function measure(size: number, baseUrl: string, page: Page, csrf: string): Promise<Figures> {
  const input = ladder(size);
  const document = ScenarioDocumentSchema.parse(input);
  const { problems } = validateScenario(document);
  if (problems.some((p) => p.severity === 'error')) throw new Error(`generated scenario is invalid: ${problems[0].message.en}`);
  const validateMs = time(() => validateScenario(input));
  const compileMs = time(() => compileScenario(document, { scenarioId: 'bench', version: 1 }));

  const created = await page.request.post(`${baseUrl}/api/scenarios`, { data: input, headers: { 'X-CSRF-Token': csrf } });
  if (created.status() !== 201) throw new Error(`creating the scenario failed: ${created.status()} ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };

  // Warm load first (scripts cached, as for a marketer opening a second scenario), then the median of three.
  const opens: number[] = [];
  for (let i = 0; i < 4; i++) {
    const t = performance.now();
    await page.goto(`${baseUrl}/scenarios/${id}`);
    await page.locator('.react-flow__node[data-id="start"]').waitFor();
    await page.locator('[data-save-state="saved"]').waitFor();
    await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => r())));
    if (i > 0) opens.push(performance.now() - t);
  }

  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  const node = (await page.locator('.react-flow__node[data-id="start"]').boundingBox())!;
  const dragFps = await framesPerSecond(page, () => drag(page, { x: node.x + node.width / 2, y: node.y + 20 }, { x: 260, y: 120 }));
  const panFps = await framesPerSecond(page, () => drag(page, { x: pane.x + 40, y: pane.y + pane.height - 60 }, { x: 0, y: -(pane.height - 120) }));
  return { nodes: document.nodes.length, validateMs, compileMs, openMs: median(opens), dragFps, panFps };
}

const stopServer = await startServer();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
try {
  const baseUrl = process.env.E2E_BASE_URL!;
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ru-RU', timezoneId: 'Europe/Moscow' });
  const page = await context.newPage();
  const login = await page.request.post(`${baseUrl}/api/auth/login`, { data: E2E_ADMIN });
  if (login.status() !== 200) throw new Error(`login failed: ${login.status()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };

  const rows = [await measure(10, baseUrl, page, csrfToken), await measure(300, baseUrl, page, csrfToken)];
  console.log('[editor] nodes | validate | compile | open → interactive | fps dragging a node | fps panning');
  for (const r of rows) {
    console.log(
      `[editor] ${String(r.nodes).padStart(5)} | ${r.validateMs.toFixed(2).padStart(6)} ms | ${r.compileMs.toFixed(2).padStart(6)} ms | ${r.openMs.toFixed(0).padStart(8)} ms | ${r.dragFps.toFixed(0).padStart(6)} | ${r.panFps.toFixed(0).padStart(6)}`,
    );
  }
  console.log('[editor] headless Chromium, software rendering, no vsync: compare the two sizes, not against a 60 Hz display');
} finally {
  await browser.close();
  await stopServer();
}
