import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mindboxReactivation } from '../../shared/scenario/examples/mindboxReactivation';
import { waitingSimulations } from '../../server/simulate/queue';
import { simulationResources } from '../../server/simulate/simulate';
import { closeTimeSkippingServer } from '../../server/simulate/testServer';
import { startTestApi, type SignedInClient, type TestApi } from '../support/api';
import { customer, order, quietTemporalLogs } from '../runtime/harness';

const DAY = 86_400_000;
const START = '2026-03-02T00:00:00+03:00';
const daysBefore = (days: number) => new Date(Date.parse(START) - days * DAY).toISOString();

/** `n` customers asleep for 200+ days: every one enters on day one and walks the whole chain. */
function simulation(n: number, days: number) {
  const customers = Array.from({ length: n }, (_, i) => customer(`c${i}`));
  const orders = customers.map((c, i) => order(`h-${c.id}`, c.id, daysBefore(200 + i)));
  return { scenario: mindboxReactivation, start: START, days, customers, orders };
}
// Tens of seconds of work if left alone (about 10 s per 100 customers here); the tests stop it after a few.
const LONG = simulation(100, 120);
const SMALL = simulation(1, 30);

let api: TestApi;
/** The same database, with simulations stopped after 2 s. */
let hasty: TestApi;
let marketer: SignedInClient;
let analyst: SignedInClient;
beforeAll(async () => {
  quietTemporalLogs();
  // One may wait in line, and one per user besides the running one.
  api = await startTestApi({ env: { SIMULATION_QUEUE: '1', SIMULATION_QUEUE_PER_USER: '1' } });
  hasty = await startTestApi({ db: api.db, env: { SIMULATION_TIMEOUT_SECONDS: '2' } });
  [marketer, analyst] = await Promise.all([api.loginAs('marketer'), api.loginAs('analyst')]);
});
afterAll(async () => {
  await closeTimeSkippingServer();
  await hasty?.stop();
  await api?.stop();
});

/** A simulation request the test can walk away from, as a browser tab that is closed. */
function startSimulation(base: TestApi, client: SignedInClient, body: unknown) {
  const controller = new AbortController();
  const response = fetch(`${base.baseUrl}/api/simulate`, {
    method: 'POST',
    headers: { ...client.authHeaders, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: controller.signal,
  });
  let answered: string | null = null;
  response.then(
    async (res) => (answered = `${res.status} ${await res.text()}`),
    () => {},
  );
  return { response, leave: () => controller.abort(), answered: () => answered };
}

/** Waits for `holds`; fails at once when `sim` has already been answered (it was meant to be still going). */
async function until(what: string, holds: () => boolean, sim?: { answered(): string | null }, seconds = 180): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!holds()) {
    const answer = sim?.answered();
    if (answer) throw new Error(`${what}: the simulation was answered already: ${answer.slice(0, 500)}`);
    if (Date.now() > deadline) throw new Error(`still not true after ${seconds} s: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const running = () => simulationResources().workers === 1;
const released = () => {
  const r = simulationResources();
  return r.databases === 0 && r.workers === 0;
};

describe('POST /api/simulate under load', () => {
  it('keeps a bounded line: 429 with Retry-After beyond it; leaving the line or a running simulation frees the place', { timeout: 300_000 }, async () => {
    const first = startSimulation(api, marketer, LONG);
    await until('the first simulation runs', running, first);
    const second = startSimulation(api, marketer, SMALL);
    await until('the second one waits', () => waitingSimulations() === 1, second);

    const third = await marketer.post('/api/simulate', SMALL);
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe('simulation_queue_full');
    expect(third.body.error.message).toMatch(/^У вас уже запущено симуляций: 2/);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    const someoneElse = await analyst.post('/api/simulate', SMALL, { headers: { 'Accept-Language': 'en' } });
    expect(someoneElse.status).toBe(429);
    expect(someoneElse.body.error.message).toMatch(/^The simulation queue is full/);
    expect(Number(someoneElse.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    // The waiting one's tab is closed: it leaves the line, and the analyst gets its place.
    second.leave();
    await expect(second.response).rejects.toThrow();
    await until('the closed request left the line', () => waitingSimulations() === 0);
    const analysts = analyst.post('/api/simulate', SMALL);
    await until("the analyst's simulation waits", () => waitingSimulations() === 1);

    // The running one's tab is closed: it is stopped, and the analyst's runs next and completes.
    first.leave();
    await expect(first.response).rejects.toThrow();
    const res = await analysts;
    expect(res.status).toBe(200);
    expect(res.body.runs.map((r: { customerId: string }) => r.customerId)).toEqual(['c0']);
    // Nothing of the stopped simulation is left: no database, no worker.
    expect(simulationResources()).toMatchObject({ databases: 0, workers: 0 });
  });

  it('stops a running simulation whose client went away and releases its database, worker and test server', { timeout: 300_000 }, async () => {
    const sim = startSimulation(api, marketer, LONG);
    await until('the simulation runs', running, sim);
    expect(simulationResources().databases).toBe(1);
    sim.leave();
    await expect(sim.response).rejects.toThrow();
    await until('everything is released', () => released() && !simulationResources().testServer);
    // The next one gets a fresh test server and runs normally.
    const next = await marketer.post('/api/simulate', SMALL);
    expect(next.status).toBe(200);
    expect(next.body.summary).toMatchObject({ entered: 1, byStatus: { running: 0 } });
  });

  it('stops a simulation over its time limit, says so, and releases everything before answering', { timeout: 300_000 }, async () => {
    const client = await hasty.loginAs('marketer');
    const res = await client.post('/api/simulate', LONG);
    expect(res.status).toBe(504);
    expect(res.body.error).toMatchObject({ code: 'simulation_timeout', message: expect.stringMatching(/^Симуляция не уложилась в 2 с и остановлена/) });
    expect(simulationResources()).toMatchObject({ databases: 0, workers: 0 });
  });
});
