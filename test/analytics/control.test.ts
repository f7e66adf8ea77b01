import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProgramReport, ScenarioReport, type ControlComparison } from '../../shared/api/analytics';
import { compareProgramWithControl, controlSampleSize } from '../../shared/stats/program';
import { startTestApi, type SignedInClient, type TestApi } from '../support/api';
import { expectedGroups, insertControlDataset, PERIOD, type ControlDataset, type ExpectedGroups } from './controlDataset';

const round2 = (x: number) => Math.round(x * 100) / 100;
const period = `from=${PERIOD.from}&to=${PERIOD.to}`;

/** The API's figures must equal the specification's groups and the pure comparison over them. */
function expectMatches(got: ControlComparison, want: ExpectedGroups, label: string) {
  expect({ customers: got.treated.customers, returned: got.treated.returned, revenue: got.treated.revenue }, `${label}: treated`).toEqual({
    customers: want.treated.customers,
    returned: want.treated.returned,
    revenue: round2(want.treated.revenue),
  });
  expect({ customers: got.control.customers, returned: got.control.returned, revenue: got.control.revenue }, `${label}: control`).toEqual({
    customers: want.control.customers,
    returned: want.control.returned,
    revenue: round2(want.control.revenue),
  });
  expect(got.cost, `${label}: cost`).toBe(round2(want.cost));
  const c = compareProgramWithControl({ treated: want.treated, control: want.control, cost: want.cost, mdeRelPct: 20, controlSharePct: 20 });
  expect(got.verdict, `${label}: verdict`).toBe(c.verdict);
  expect(got.stillNeeded, `${label}: still needed`).toBe(c.stillNeeded);
  if (c.difference !== null) expect(got.difference!, label).toBeCloseTo(c.difference, 12);
  if (c.incrementalRevenue !== null) expect(got.incrementalRevenue, label).toBe(round2(c.incrementalRevenue));
}

describe('program and scenarios against the global control group', () => {
  let api: TestApi;
  let analyst: SignedInClient;
  let d: ControlDataset;
  let september: Promise<ProgramReport> | null = null;
  /** The program report for September, fetched once for the tests that only read it. */
  const programInSeptember = () =>
    (september ??= analyst.get<ProgramReport>(`/api/reports/program?${period}`).then((res) => {
      expect(res.status).toBe(200);
      return res.body;
    }));

  beforeAll(async () => {
    api = await startTestApi();
    d = await insertControlDataset(api.sql);
    analyst = await api.loginAs('analyst');
  }, 180_000);
  afterAll(async () => {
    await api?.stop();
  });

  it('4,000 entered (20 % return, 1,000 ₽ each) vs 1,000 held out (10 %, 500 ₽): the known answers', async () => {
    const line = (await programInSeptember()).scenarios.find((s) => s.name === 'Спящие')!;
    expect(line.treated).toMatchObject({ customers: 4000, returned: 800, share: 0.2, revenue: 4_000_000, revenuePerCustomer: 1000 });
    expect(line.control).toMatchObject({ customers: 1000, returned: 100, share: 0.1, revenue: 500_000, revenuePerCustomer: 500 });
    expect(line.control.openWindows).toBeLessThanOrEqual(1000); // how many windows are still open depends on today
    expect(line.difference).toBeCloseTo(0.1, 12);
    expect(line.relativeUplift).toBeCloseTo(1, 12);
    expect(line.revenueDifference).toBe(500);
    expect(line.incrementalReturns).toBe(400);
    expect(line.incrementalRevenue).toBe(2_000_000);
    expect(line.cost).toBe(30_000); // 4,000 SMS × 5 ₽ + 100 redemptions × 100 points
    expect(line.costPerIncrementalReturn).toBe(75);
    expect(line.windowDays).toBe(30);
    // The intervals contain the truth and exclude zero.
    expect(line.differenceCi!.low).toBeGreaterThan(0);
    expect(line.differenceCi!.low).toBeLessThan(0.1);
    expect(line.differenceCi!.high).toBeGreaterThan(0.1);
    expect(line.revenueDifferenceCi!.low).toBeGreaterThan(0);
    expect(line.revenueDifferenceCi!.low).toBeLessThan(500);
    expect(line.revenueDifferenceCi!.high).toBeGreaterThan(500);
    expect(line.incrementalRevenueCi!.low).toBeLessThan(2_000_000);
    expect(line.incrementalRevenueCi!.high).toBeGreaterThan(2_000_000);
    expect(line.costPerIncrementalReturnCi!.low).toBeLessThan(75);
    expect(line.costPerIncrementalReturnCi!.high).toBeGreaterThan(75);
    expect(line.verdict).toBe('better');
    expect(line.text.ru).toContain('Сценарий «Спящие» возвращает больше клиентов, чем контрольная группа: 20,0 % против 10,0 % (+10,0 п.п.');
    expect(line.text.ru).toContain('≈ 400 дополнительных возвратов и ≈ 2\u00a0000\u00a0000\u00a0₽ дополнительной выручки. Один дополнительный возврат обходится в 75\u00a0₽.');
  });

  it('a small shop (250 held out) is told it needs more control customers, and no incremental figure', async () => {
    const line = (await programInSeptember()).scenarios.find((s) => s.name === 'Маленький магазин')!;
    expect(line.control.customers).toBe(250);
    expect(line.treated.customers).toBe(4750);
    expect(line.verdict).toBe('not_enough_data');
    expect(line.incrementalReturns).toBeNull();
    expect(line.incrementalRevenue).toBeNull();
    expect(line.costPerIncrementalReturn).toBeNull();
    expect(line.requiredControl).toBe(controlSampleSize(0.1, 0.12, 19));
    expect(line.stillNeeded).toBe(controlSampleSize(0.1, 0.12, 19)! - 250);
    expect(line.text.ru).toBe(`Недостаточно данных, чтобы сказать, работает ли сценарий. Нужно ещё ~1\u00a0827 клиентов в контрольной группе (сейчас 250).`);
  });

  it('enough customers and no difference: no_difference, cost per extra return not measurable', async () => {
    const line = (await programInSeptember()).scenarios.find((s) => s.name === 'Без эффекта')!;
    expect(line.windowDays).toBe(14);
    expect(line.treated).toMatchObject({ customers: 6000, returned: 600 });
    // The 50 orders 20 days after being held out are outside this scenario's 14 days.
    expect(line.control).toMatchObject({ customers: 3000, returned: 300 });
    expect(line.verdict).toBe('no_difference');
    expect(line.differenceCi!.low).toBeLessThan(0);
    expect(line.differenceCi!.high).toBeGreaterThan(0);
    expect(line.costPerIncrementalReturn).toBeNull();
    expect(line.stillNeeded).toBe(0);
  });

  it('every scenario and the program equal a direct count over the specification (edge cases included)', async () => {
    const res = { body: await programInSeptember() };
    expect(() => ProgramReport.parse(res.body)).not.toThrow();
    expect(res.body.period).toEqual(PERIOD);
    expect(res.body.controlSharePct).toBe(20);
    for (const s of d.spec.scenarios) {
      const line = res.body.scenarios.find((l) => l.scenarioId === d.scenarioIds[s.key])!;
      expectMatches(line, expectedGroups(d.spec, s.key), s.name);
    }
    const edges = expectedGroups(d.spec, 'edges');
    // Counted: re-entered, entered-then-held, both window cases, two-scenarios (treated); last-evening, held-and-entered-other (control).
    expect(edges.treated.customers).toBe(5);
    expect(edges.treated.returned).toBe(3);
    expect(edges.control.customers).toBe(2);
    expect(res.body.program.windowDays).toBe(30);
    expectMatches(res.body.program, expectedGroups(d.spec, null, 30), 'program');
    // The program counts the 50 late orders of «Без эффекта»'s held-out customers (30-day window).
    expect(res.body.program.control.returned).toBe(100 + 25 + 300 + 50 + 1);
    expect(res.body.program.verdict).toBe('better');
  });

  it('the scenario report carries the same block for its period, version and scenario', async () => {
    const res = await analyst.get(`/api/scenarios/${d.scenarioIds.sleeping}/report?${period}`);
    expect(res.status).toBe(200);
    const report = ScenarioReport.parse(res.body);
    expect(report.control.treated.customers).toBe(4000);
    expect(report.control.incrementalRevenue).toBe(2_000_000);
    expect(report.control.countedFrom).toBe('2026-08-31T21:00:00.000Z');
    expect(report.totals.entered).toBe(4000); // the existing figures stay
    const v1 = await analyst.get(`/api/scenarios/${d.scenarioIds.sleeping}/report?${period}&version=1`);
    expect(v1.body.control.control.customers).toBe(1000);
    // A narrower period, September 1–10: customer i's moment is on day i mod 30.
    const early = await analyst.get(`/api/scenarios/${d.scenarioIds.sleeping}/report?from=2026-09-01&to=2026-09-10`);
    const firstTen = (n: number) => Array.from({ length: n }, (_, i) => i % 30 < 10).filter(Boolean).length;
    expect(early.body.control.treated.customers).toBe(firstTen(4000));
    expect(early.body.control.control.customers).toBe(firstTen(1000));
  });

  it('the program period defaults to the last 90 days, refuses a reversed one, and is for marketers and analysts', async () => {
    const res = await analyst.get<ProgramReport>('/api/reports/program');
    expect(res.status).toBe(200);
    const days = (Date.parse(res.body.period.to) - Date.parse(res.body.period.from)) / 86_400_000;
    expect(days).toBe(89);
    const bad = await analyst.get(`/api/reports/program?from=2026-09-10&to=2026-09-01`);
    expect(bad.status).toBe(400);
    expect((await (await api.loginAs('support')).get(`/api/reports/program?${period}`)).status).toBe(403);
    expect((await (await api.loginAs('marketer')).get(`/api/reports/program?${period}`)).status).toBe(200);
  });
});
