import { describe, expect, it } from 'vitest';
import { scenarioExamples } from '../../../shared/scenario/examples';
import { ScenarioDocumentSchema, type ScenarioDocument } from '../../../shared/scenario/schema';
import { fromFlow, toFlowEdges, toFlowNodes } from './flow';
import { withPositions } from './layout';

const seed003: ScenarioDocument = ScenarioDocumentSchema.parse({
  format: 'scenario/v1',
  name: 'Возврат: полгода без заказов',
  nodes: [
    { id: 'start', type: 'dailyTrigger', position: { x: 0, y: 0 }, config: { at: '10:00' } },
    { id: 'audience', type: 'filter', config: { condition: { all: [{ field: 'daysSinceLastOrder', op: 'gte', value: 180 }] } } },
    { id: 'once', type: 'frequencyLimit', config: { count: 'entries', scope: 'scenario', max: 1, periodDays: 180 } },
    { id: 'hello', type: 'send', label: 'Мы скучаем', config: { channel: 'email', subject: 'Мы скучаем', text: '{{ customer.name }}, давно не виделись!' } },
    { id: 'w7', type: 'wait', config: { days: 7 } },
    { id: 'bought', type: 'checkOrders', config: {} },
    { id: 'split', type: 'abSplit', config: { variants: [{ key: 'gift', label: 'Подарок', weight: 50 }, { key: 'off', label: 'Скидка', weight: 50 }], holdoutPct: 10 } },
    { id: 'end', type: 'exit' },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'audience' },
    { from: 'audience', port: 'yes', to: 'once' },
    { from: 'once', port: 'pass', to: 'hello' },
    { from: 'hello', port: 'out', to: 'w7' },
    { from: 'w7', port: 'out', to: 'bought' },
    { from: 'bought', port: 'no', to: 'split' },
    { from: 'split', port: 'holdout', to: 'end' },
  ],
});

const withoutPositions = (doc: ScenarioDocument) => ({ ...doc, nodes: doc.nodes.map(({ position: _p, ...n }) => n) });

describe('document ⇄ canvas', () => {
  it('a round trip through the canvas changes nothing but positions', () => {
    for (const doc of [seed003, ...scenarioExamples.map((e) => e.document)]) {
      const back = fromFlow(doc, toFlowNodes(doc), toFlowEdges(doc));
      expect(withoutPositions(back)).toEqual(withoutPositions(doc));
    }
  });

  it('keeps positions that the document has, and the canvas reports moves back into the document', () => {
    const nodes = toFlowNodes(seed003);
    expect(nodes.find((n) => n.id === 'start')!.position).toEqual({ x: 0, y: 0 });
    const moved = nodes.map((n) => (n.id === 'w7' ? { ...n, position: { x: 500, y: 640 } } : n));
    const back = fromFlow(seed003, moved, toFlowEdges(seed003));
    expect(back.nodes.find((n) => n.id === 'w7')!.position).toEqual({ x: 500, y: 640 });
  });

  it('lays out nodes without a position top to bottom along the edges, without overlaps', () => {
    const bare = { ...seed003, nodes: withoutPositions(seed003).nodes } as ScenarioDocument;
    const laid = withPositions(bare);
    const y = (id: string) => laid.nodes.find((n) => n.id === id)!.position!.y;
    expect(y('audience')).toBeLessThan(y('once'));
    expect(y('once')).toBeLessThan(y('hello'));
    expect(y('bought')).toBeLessThan(y('split'));
    const boxes = laid.nodes.map((n) => n.position!);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const apart = Math.abs(boxes[i].x - boxes[j].x) >= 248 || Math.abs(boxes[i].y - boxes[j].y) >= 92;
        expect(apart).toBe(true);
      }
  });

  it('maps each edge to its source port handle, so typed ports stay distinct on the canvas', () => {
    const edges = toFlowEdges(seed003);
    const holdout = edges.find((e) => e.source === 'split')!;
    expect(holdout.sourceHandle).toBe('holdout');
    expect(holdout.targetHandle).toBe('in');
    expect(new Set(edges.map((e) => e.id)).size).toBe(edges.length);
  });

  it('carries problem marks and selection to the canvas nodes', () => {
    const nodes = toFlowNodes(seed003, { hello: { severity: 'error' } }, new Set(['w7']));
    expect(nodes.find((n) => n.id === 'hello')!.data.marks.severity).toBe('error');
    expect(nodes.find((n) => n.id === 'w7')!.selected).toBe(true);
    expect(nodes.find((n) => n.id === 'start')!.selected).toBe(false);
  });
});

describe('export', () => {
  it('writes keys in schema order whatever order the stored JSON had, and re-imports to the same document', async () => {
    const { serializeScenario, parseScenarioFile } = await import('./importExport');
    const shuffled = JSON.parse(JSON.stringify(seed003), (_k, v) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
    ) as ScenarioDocument;
    expect(serializeScenario(shuffled)).toBe(serializeScenario(seed003));
    expect(parseScenarioFile(serializeScenario(seed003))).toEqual(seed003);
    expect(parseScenarioFile('{"format":"other"}')).toBeNull();
  });
});
