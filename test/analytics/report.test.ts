import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareWithControl } from '../../shared/stats/compare';
import { startTestApi, type SignedInClient, type TestApi } from '../support/api';
import { insertDataset, moscowDay, outcomeOf, type Dataset, type SpecRun } from './dataset';

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The report's numbers computed straight from the data set's specification. */
function expectedTotals(d: Dataset, runs: SpecRun[]) {
  const outcomes = runs.map((r) => outcomeOf(d, r));
  const returned = outcomes.filter((o) => o.converted).length;
  const messageCost = round2(runs.flatMap((r) => r.messages).reduce((s, m) => s + m.cost, 0));
  const bonusSpent = runs.reduce((s, r) => s + (r.grant?.redeemed ?? 0), 0);
  const cost = round2(messageCost + bonusSpent);
  return {
    entered: runs.length,
    customers: new Set(runs.map((r) => r.customerId)).size,
    returned,
    returnedWithoutOrder: outcomes.filter((o) => o.converted && o.orders === 0).length,
    reactivationRate: (returned / runs.length) * 100,
    revenue: round2(outcomes.reduce((s, o) => s + o.revenue, 0)),
    orders: outcomes.reduce((s, o) => s + o.orders, 0),
    bonusGranted: runs.reduce((s, r) => s + (r.grant?.points ?? 0), 0),
    bonusSpent,
    messagesSent: runs.flatMap((r) => r.messages).filter((m) => m.status === 'sent').length,
    messageCost,
    cost,
    costPerReactivated: round2(cost / returned),
  };
}

describe('scenario report and A/B results', () => {
  let api: TestApi;
  let analyst: SignedInClient;
  let d: Dataset;

  beforeAll(async () => {
    api = await startTestApi();
    d = await insertDataset(api.sql);
    analyst = await api.loginAs('analyst');
  }, 120_000);
  afterAll(async () => {
    await api?.stop();
  });

  it('totals equal a direct count over the generated runs, orders, messages and ledger', async () => {
    const res = await analyst.get(`/api/scenarios/${d.scenarioId}/report`);
    expect(res.status).toBe(200);
    const want = expectedTotals(d, d.runs);
    expect(res.body.totals).toEqual({ ...want, reactivationRate: expect.closeTo(want.reactivationRate, 10) });
    // The data set is built so every rule matters: both windows, status-only conversions, redemptions.
    expect(want.returnedWithoutOrder).toBeGreaterThan(0);
    expect(want.bonusSpent).toBeGreaterThan(0);
    expect(res.body.canvas.version).toBe(2);
  });

  it('a version and a period (local days in Moscow) narrow the runs', async () => {
    for (const version of [1, 2] as const) {
      const res = await analyst.get(`/api/scenarios/${d.scenarioId}/report?version=${version}`);
      const want = expectedTotals(d, d.runs.filter((r) => r.version === version));
      expect(res.body.totals, `v${version}`).toEqual({ ...want, reactivationRate: expect.closeTo(want.reactivationRate, 10) });
    }
    // An order 20 days after entry returns a v1 customer (30-day window) but not a v2 one (14 days).
    const late = d.runs.filter((r) => r.orders.length === 1 && r.orders[0].at.getTime() - r.enteredAt.getTime() === 20 * 86_400_000 && r.status !== 'converted');
    expect(late.filter((r) => r.version === 1).every((r) => outcomeOf(d, r).converted)).toBe(true);
    expect(late.filter((r) => r.version === 2).some((r) => !outcomeOf(d, r).converted)).toBe(true);

    const period = await analyst.get(`/api/scenarios/${d.scenarioId}/report?from=2026-03-02&to=2026-03-03`);
    const inPeriod = d.runs.filter((r) => ['2026-03-02', '2026-03-03'].includes(moscowDay(r.enteredAt)));
    expect(period.body.totals).toEqual({ ...expectedTotals(d, inPeriod), reactivationRate: expect.any(Number) });
    expect(period.body.daily.map((p: { day: string }) => p.day)[0]).toBe('2026-03-02');

    const bad = await analyst.get(`/api/scenarios/${d.scenarioId}/report?from=2026-03-05&to=2026-03-01`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('to');
    expect((await analyst.get(`/api/scenarios/${d.scenarioId}/report?version=9`)).status).toBe(404);
  });

  it('the funnel counts runs per node and port once, and messages per node', async () => {
    const res = await analyst.get(`/api/scenarios/${d.scenarioId}/report`);
    const byNode = new Map(res.body.funnel.map((n: { nodeId: string }) => [n.nodeId, n]));
    for (const nodeId of ['start', 'split', 'gift', 'giftMail', 'discountMail', 'giftRemind']) {
      const runs = d.runs.filter((r) => r.steps.some((s) => s.nodeId === nodeId));
      const node = byNode.get(nodeId) as { reached: number; ports: { port: string; count: number }[]; messages: { sent: number; failed: number; cost: number } };
      expect(node.reached, nodeId).toBe(runs.length);
      const ports: Record<string, number> = {};
      for (const r of runs) for (const s of r.steps) if (s.nodeId === nodeId && s.port) ports[s.port] = (ports[s.port] ?? 0) + 1;
      expect(Object.fromEntries(node.ports.map((p) => [p.port, p.count])), nodeId).toEqual(ports);
      const messages = d.runs.flatMap((r) => r.messages).filter((m) => m.nodeId === nodeId);
      expect(node.messages, nodeId).toEqual({
        sent: messages.filter((m) => m.status === 'sent').length,
        failed: messages.filter((m) => m.status === 'failed').length,
        cost: round2(messages.reduce((s, m) => s + m.cost, 0)),
      });
    }
    expect((byNode.get('split') as { ports: unknown[] }).ports).toHaveLength(3);
  });

  it('per-day series and costs by channel add up', async () => {
    const res = await analyst.get(`/api/scenarios/${d.scenarioId}/report`);
    const entered: Record<string, number> = {};
    const returned: Record<string, number> = {};
    for (const r of d.runs) {
      entered[moscowDay(r.enteredAt)] = (entered[moscowDay(r.enteredAt)] ?? 0) + 1;
      const o = outcomeOf(d, r);
      if (o.converted && o.convertedAt) returned[moscowDay(o.convertedAt)] = (returned[moscowDay(o.convertedAt)] ?? 0) + 1;
    }
    const series = res.body.daily as { day: string; entered: number; returned: number }[];
    for (const p of series) {
      expect(p.entered, p.day).toBe(entered[p.day] ?? 0);
      expect(p.returned, p.day).toBe(returned[p.day] ?? 0);
    }
    expect(series.reduce((s, p) => s + p.entered, 0)).toBe(d.runs.length);
    // Consecutive days, no gaps.
    for (let i = 1; i < series.length; i++) expect(Date.parse(series[i].day) - Date.parse(series[i - 1].day)).toBe(86_400_000);
    const messages = d.runs.flatMap((r) => r.messages);
    expect(res.body.channels).toEqual(
      (['email', 'sms'] as const).map((channel) => ({
        channel,
        sent: messages.filter((m) => m.channel === channel && m.status === 'sent').length,
        failed: messages.filter((m) => m.channel === channel && m.status === 'failed').length,
        cost: round2(messages.filter((m) => m.channel === channel).reduce((s, m) => s + m.cost, 0)),
      })),
    );
  });

  it('A/B groups per variant and holdout, compared with the holdout', async () => {
    const res = await analyst.get(`/api/scenarios/${d.scenarioId}/ab?mde=30`);
    expect(res.status).toBe(200);
    const [split] = res.body.splits;
    expect(split).toMatchObject({ nodeId: 'split', hasHoldout: true, holdoutPct: 10 });
    const counts = (group: string) => {
      const runs = d.runs.filter((r) => r.group === group);
      const outcomes = runs.map((r) => outcomeOf(d, r));
      return { entered: runs.length, converted: outcomes.filter((o) => o.converted).length, revenue: round2(outcomes.reduce((s, o) => s + o.revenue, 0)) };
    };
    const holdout = counts('holdout');
    for (const key of ['gift', 'discount', 'holdout']) {
      const group = split.groups.find((g: { key: string }) => g.key === key);
      const want = counts(key);
      expect(group, key).toMatchObject({ ...want, isControl: key === 'holdout', rate: want.converted / want.entered });
      if (key === 'holdout') {
        expect(group.comparison).toBeNull();
        continue;
      }
      const c = compareWithControl(want, holdout, 30);
      expect(group.comparison).toMatchObject({ verdict: c.verdict, stillNeeded: c.stillNeeded, upliftAbs: expect.closeTo(c.upliftAbs!, 12) });
      expect(group.comparison.pValue).toBeCloseTo(c.pValue!, 12);
      expect(group.comparison.text.ru).toMatch(/контрольн(ая|ой) групп/);
    }
    expect(res.body.method.ru).toMatch(/только против контрольной группы/);
  });

  it('exports the A/B table and the funnel to XLSX and CSV with the same numbers', async () => {
    const json = (await analyst.get(`/api/scenarios/${d.scenarioId}/ab`)).body;
    const response = await fetch(`${api.baseUrl}/api/scenarios/${d.scenarioId}/ab?format=xlsx`, { headers: analyst.authHeaders });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 5)).toEqual(['A/B-тест', 'Группа', 'Вошли', 'Вернулись', 'Конверсия, %']);
    const groups = json.splits[0].groups;
    groups.forEach((g: { entered: number; converted: number; rate: number }, i: number) => {
      const row = sheet.getRow(i + 2);
      expect(row.getCell(3).value).toBe(g.entered);
      expect(row.getCell(4).value).toBe(g.converted);
      expect(row.getCell(5).value).toBeCloseTo(g.rate, 12);
    });

    const report = (await analyst.get(`/api/scenarios/${d.scenarioId}/report`)).body;
    const csv = await fetch(`${api.baseUrl}/api/scenarios/${d.scenarioId}/report?format=csv&table=summary`, { headers: analyst.authHeaders });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = Papa.parse<string[]>((await csv.text()).replace(/^\uFEFF/, '').trim(), { delimiter: ';' }).data;
    const value = (metric: string) => Number(rows.find((r) => r[0].startsWith(metric))![1].replace(',', '.'));
    expect(value('Вошли в сценарий')).toBe(report.totals.entered);
    expect(value('Вернулись')).toBe(report.totals.returned);
    expect(value('Выручка')).toBe(report.totals.revenue);
    expect(value('Затраты на одного')).toBe(report.totals.costPerReactivated);
  });

  it('analysts and marketers read reports; support and anonymous callers are refused', async () => {
    const marketer = await api.loginAs('marketer');
    const support = await api.loginAs('support');
    for (const path of [`/api/scenarios/${d.scenarioId}/report`, `/api/scenarios/${d.scenarioId}/ab`]) {
      expect((await marketer.get(path)).status).toBe(200);
      expect((await support.get(path)).status).toBe(403);
      expect((await api.get(path)).status).toBe(401);
    }
  });
});
