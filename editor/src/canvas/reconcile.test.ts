import { describe, expect, it } from 'vitest';
import type { ScenarioDocument } from '../../../shared/scenario/schema';
import { reconcileNodes } from './reconcile';

function bigScenario(n: number): ScenarioDocument {
  const nodes: ScenarioDocument['nodes'] = [{ id: 'start', type: 'dailyTrigger', position: { x: 0, y: 0 }, config: { at: '10:00' } }];
  const edges: ScenarioDocument['edges'] = [];
  for (let i = 1; i < n; i++) {
    nodes.push({ id: `w${i}`, type: 'wait', position: { x: 0, y: i * 150 }, config: { days: i % 30 } });
    edges.push({ from: i === 1 ? 'start' : `w${i - 1}`, port: 'out', to: `w${i}` });
  }
  return { format: 'scenario/v1', name: 'big', settings: { timezone: 'Europe/Moscow', stopOnPurchase: true, conversionWindowDays: 30 }, nodes, edges };
}

describe('canvas node reconciliation', () => {
  it('editing one node of a 300-node scenario hands React Flow 299 unchanged node objects', () => {
    const doc = bigScenario(300);
    const first = reconcileNodes([], doc, {}, new Set());
    const edited: ScenarioDocument = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'w150' ? { ...n, config: { days: 99 } } : n)) as ScenarioDocument['nodes'] };
    const second = reconcileNodes(first, edited, {}, new Set());
    const reused = second.filter((n, i) => n === first[i]).length;
    expect(reused).toBe(299);
    expect(second.find((n) => n.id === 'w150')!.data.node.config).toEqual({ days: 99 });
  });

  it('keeps a position being dragged and measured sizes when the document has not moved the node', () => {
    const doc = bigScenario(3);
    const first = reconcileNodes([], doc, {}, new Set()).map((n) => (n.id === 'w1' ? { ...n, position: { x: 77, y: 88 }, measured: { width: 248, height: 96 } } : n));
    const selected = reconcileNodes(first, doc, {}, new Set(['w1']));
    const w1 = selected.find((n) => n.id === 'w1')!;
    expect(w1.position).toEqual({ x: 77, y: 88 });
    expect(w1.measured).toEqual({ width: 248, height: 96 });
    expect(w1.selected).toBe(true);
  });
});
