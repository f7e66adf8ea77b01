import { describe, expect, it } from 'vitest';
import type { ScenarioDocument } from '../../../shared/scenario/schema';
import { connectRefusal, dropDanglingEdges, insertIntoEdge, pasteClip, copySelection } from './graph';
import { newNode } from './defaults';

const doc: ScenarioDocument = {
  format: 'scenario/v1',
  name: 't',
  settings: { timezone: 'Europe/Moscow', stopOnPurchase: true, conversionWindowDays: 30 },
  nodes: [
    { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
    { id: 'f', type: 'filter', config: { condition: { all: [] } } },
    { id: 'w', type: 'wait', config: { days: 7 } },
    { id: 'ab', type: 'abSplit', config: { variants: [{ key: 'A', label: 'A', weight: 50 }, { key: 'B', label: 'B', weight: 50 }] } },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'f' },
    { from: 'f', port: 'yes', to: 'w' },
    { from: 'w', port: 'out', to: 'ab' },
  ],
};

describe('connections refused while dragging', () => {
  it('refuses a port that is already used, a cycle, an edge into the trigger and unknown ports', () => {
    expect(connectRefusal(doc, { from: 'f', port: 'yes', to: 'ab' })).toBe('portUsed');
    expect(connectRefusal(doc, { from: 'ab', port: 'A', to: 'f' })).toBe('cycle');
    expect(connectRefusal(doc, { from: 'ab', port: 'A', to: 'start' })).toBe('intoTrigger');
    expect(connectRefusal(doc, { from: 'w', port: 'yes', to: 'ab' })).toBe('unknownPort');
    expect(connectRefusal(doc, { from: 'w', port: 'out', to: 'w' })).toBe('self');
  });

  it('refuses an edge into a trigger of any type', () => {
    const byOrder = { ...doc, nodes: [{ id: 'first', type: 'orderTrigger', config: { firstOrder: true, reentry: { mode: 'once' } } } as const, ...doc.nodes.slice(1)] };
    expect(connectRefusal(byOrder, { from: 'w', port: 'out', to: 'first' })).toBe('intoTrigger');
  });

  it('allows a free port into a node further down', () => {
    expect(connectRefusal(doc, { from: 'f', port: 'no', to: 'ab' })).toBeNull();
    expect(connectRefusal(doc, { from: 'ab', port: 'B', to: 'w' })).toBe('cycle');
  });
});

describe('graph edits', () => {
  it('inserting a node into an edge splices it in through its first port', () => {
    const node = newNode('send', new Set(doc.nodes.map((n) => n.id)));
    const next = insertIntoEdge(doc, { from: 'f', port: 'yes', to: 'w' }, node);
    expect(next.edges).toContainEqual({ from: 'f', port: 'yes', to: node.id });
    expect(next.edges).toContainEqual({ from: node.id, port: 'out', to: 'w' });
    expect(next.edges).not.toContainEqual({ from: 'f', port: 'yes', to: 'w' });
  });

  it('drops edges of a removed A/B variant', () => {
    const withEdge = { ...doc, edges: [...doc.edges, { from: 'ab', port: 'B', to: 'f' }] };
    const changed = {
      ...withEdge,
      nodes: withEdge.nodes.map((n) => (n.id === 'ab' ? { ...n, config: { variants: [{ key: 'A', label: 'A', weight: 100 }] } } : n)),
    } as ScenarioDocument;
    expect(dropDanglingEdges(changed).edges.some((e) => e.from === 'ab')).toBe(false);
  });

  it('paste gives fresh ids, keeps inner edges and offsets positions', () => {
    const placed = { ...doc, nodes: doc.nodes.map((n, i) => ({ ...n, position: { x: 0, y: i * 100 } })) } as ScenarioDocument;
    const clip = copySelection(placed, new Set(['f', 'w']));
    const { doc: pasted, pasted: ids } = pasteClip(placed, clip);
    expect(ids).toEqual(['f-copy', 'w-copy']);
    expect(pasted.edges).toContainEqual({ from: 'f-copy', port: 'yes', to: 'w-copy' });
    expect(pasted.nodes.find((n) => n.id === 'w-copy')!.position).toEqual({ x: 40, y: 240 });
    expect(pasteClip(pasted, clip).pasted).toEqual(['f-copy-2', 'w-copy-2']);
  });
});
