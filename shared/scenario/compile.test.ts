import { describe, expect, it } from 'vitest';
import { compileScenario, ScenarioInvalidError } from './compile';
import { mindboxReactivation } from './examples/mindboxReactivation';
import { ScenarioDocumentSchema, type ScenarioDocument } from './schema';

const seed003 = (): ScenarioDocument => ScenarioDocumentSchema.parse(structuredClone(mindboxReactivation));
const ids = { scenarioId: '7f1c9a52-0000-4000-8000-000000000003', version: 3 };

describe('compileScenario: the seed 003 chain', () => {
  const plan = compileScenario(seed003(), ids);

  it('pushes the audience filter and the frequency limit down into the audience query', () => {
    expect(plan.scenarioId).toBe(ids.scenarioId);
    expect(plan.version).toBe(3);
    expect(plan.trigger).toEqual({ nodeId: 'start', at: '10:00' });
    expect(plan.audience).toEqual({
      condition: (seed003().nodes[1].config as { condition: unknown }).condition,
      filterNodeId: 'audience',
      frequencyLimit: { nodeId: 'once', count: 'entries', scope: 'scenario', max: 1, periodDays: 180 },
      passed: [
        { nodeId: 'start', type: 'dailyTrigger', port: 'out' },
        { nodeId: 'audience', type: 'filter', port: 'yes' },
        { nodeId: 'once', type: 'frequencyLimit', port: 'pass' },
      ],
    });
    expect(plan.entry).toBe('hello');
  });

  it('resolves every port of every node, unconnected ones to null', () => {
    expect(Object.fromEntries(Object.values(plan.nodes).map((n) => [n.id, n.next]))).toEqual({
      start: { out: 'audience' },
      audience: { yes: 'once', no: null },
      once: { pass: 'hello', limited: null },
      hello: { out: 'w7' },
      w7: { out: 'bought' },
      bought: { yes: null, no: 'gift' },
      gift: { out: 'offer' },
      offer: { out: 'w12' },
      w12: { out: 'remind' },
      remind: { out: null },
    });
  });

  it('names nodes by label or Russian summary and keeps their configs', () => {
    expect(plan.nodes.w7).toEqual({ id: 'w7', type: 'wait', name: 'Ждать 7 дн.', config: { days: 7 }, next: { out: 'bought' } });
    expect(plan.nodes.gift.name).toBe('300 баллов на 14 дн.');
    expect(plan.nodes.once.name).toBe('Не более 1 входа за 180 дн.');
    expect(plan.settings.quietHours).toEqual({ start: '21:00', end: '09:00' });
  });

  it('survives a JSON round trip (it is stored as jsonb)', () => {
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });
});

describe('compileScenario: audience push-down rules', () => {
  it('keeps the filter in the workflow when its `no` port is connected', () => {
    const doc = seed003();
    doc.nodes.push({ id: 'bye', type: 'exit', config: {} });
    doc.edges.push({ from: 'audience', port: 'no', to: 'bye' });
    const plan = compileScenario(doc, ids);
    expect(plan.audience).toEqual({ condition: null, filterNodeId: null, frequencyLimit: null, passed: [{ nodeId: 'start', type: 'dailyTrigger', port: 'out' }] });
    expect(plan.entry).toBe('audience');
  });

  it('keeps the frequency limit in the workflow when its `limited` port is connected', () => {
    const doc = seed003();
    doc.nodes.push({ id: 'sorry', type: 'task', config: { text: 'Клиент упёрся в лимит' } });
    doc.edges.push({ from: 'once', port: 'limited', to: 'sorry' });
    const plan = compileScenario(doc, ids);
    expect(plan.audience.filterNodeId).toBe('audience');
    expect(plan.audience.frequencyLimit).toBeNull();
    expect(plan.entry).toBe('once');
  });

  it('has no audience condition without a filter after the trigger, and no entry after an unconnected trigger', () => {
    const doc = seed003();
    doc.nodes = doc.nodes.filter((n) => n.id === 'start');
    doc.edges = [];
    const plan = compileScenario(doc, ids);
    expect(plan.audience.condition).toBeNull();
    expect(plan.entry).toBeNull();
  });
});

describe('compileScenario: invalid documents', () => {
  it('throws ScenarioInvalidError carrying every problem', () => {
    const doc = seed003();
    doc.edges.push({ from: 'remind', port: 'out', to: 'w7' });
    (doc.nodes[4].config as { days: number }).days = 999;
    try {
      compileScenario(doc, ids);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioInvalidError);
      expect((error as ScenarioInvalidError).problems.map((p) => p.code)).toEqual(expect.arrayContaining(['graph.cycle', 'node.config']));
    }
  });

  it('compiles despite warnings', () => {
    const doc = seed003();
    (doc.nodes[6].config as { points: number }).points = 5000;
    expect(compileScenario(doc, ids).nodes.gift.config).toEqual({ points: 5000, expiresInDays: 14 });
  });
});
