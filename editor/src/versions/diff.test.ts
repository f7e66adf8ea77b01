import { describe, expect, it } from 'vitest';
import { scenarioExample } from '../../../shared/scenario/examples';
import type { ScenarioDocument } from '../../../shared/scenario/schema';
import { diffDocuments, isEmptyDiff } from './diff';

describe('comparing two versions', () => {
  const v1 = scenarioExample('mindbox-reactivation')!.document;

  it('finds added, removed and changed nodes, ignoring moves', () => {
    const v2: ScenarioDocument = {
      ...v1,
      nodes: [
        ...v1.nodes
          .filter((n) => n.id !== 'remind')
          .map((n) => (n.type === 'wait' && n.config.days === 7 ? { ...n, config: { days: 5 } } : n.id === 'start' ? { ...n, position: { x: 999, y: 999 } } : n)),
        { id: 'call', type: 'task', config: { text: 'Позвонить' } },
      ],
      edges: v1.edges.filter((e) => e.to !== 'remind'),
    };
    const d = diffDocuments(v1, v2);
    expect(d.added.map((n) => n.id)).toEqual(['call']);
    expect(d.removed.map((n) => n.id)).toEqual(['remind']);
    expect(d.changed.map((c) => c.after.id)).toEqual([v1.nodes.find((n) => n.type === 'wait' && n.config.days === 7)!.id]);
    expect(d.edgesRemoved).toBe(1);
  });

  it('reports identical documents as the same', () => {
    expect(isEmptyDiff(diffDocuments(v1, structuredClone(v1)))).toBe(true);
  });
});
