import { describe, expect, it } from 'vitest';
import { scenarioExample } from '../../../shared/scenario/examples';
import type { ScenarioDocument, ScenarioNode } from '../../../shared/scenario/schema';
import { canvasStatuses, diffDocuments, isEmptyDiff, nodeChanges, placeTogether, settingsChanges } from './diff';

const v1 = scenarioExample('mindbox-reactivation')!.document;
const node = (doc: ScenarioDocument, id: string) => doc.nodes.find((n) => n.id === id)!;

/** v1 with the reminder removed, a staff task added after the offer, the first wait shortened and the offer reworded. */
const v2: ScenarioDocument = {
  ...v1,
  settings: { ...v1.settings, quietHours: undefined, timezone: 'Asia/Omsk' },
  nodes: [
    ...v1.nodes
      .filter((n) => n.id !== 'remind')
      .map((n): ScenarioNode => {
        if (n.id === 'w7' && n.type === 'wait') return { ...n, config: { days: 5 } };
        if (n.id === 'offer' && n.type === 'send') return { ...n, config: { ...n.config, text: 'Дарим {{ bonus.points }} баллов на любимый кофе' } };
        if (n.id === 'start') return { ...n, position: { x: 999, y: 999 } };
        return n;
      }),
    { id: 'call', type: 'task', config: { text: 'Позвонить' } },
  ],
  edges: [...v1.edges.filter((e) => e.to !== 'remind'), { from: 'w12', port: 'out', to: 'call' }],
};

describe('comparing two versions', () => {
  it('finds added, removed and changed nodes and edges, ignoring moves', () => {
    const d = diffDocuments(v1, v2);
    expect(d.added.map((n) => n.id)).toEqual(['call']);
    expect(d.removed.map((n) => n.id)).toEqual(['remind']);
    expect(d.changed.map((c) => c.after.id)).toEqual(['w7', 'offer']);
    expect(d.addedEdges).toEqual([{ from: 'w12', port: 'out', to: 'call' }]);
    expect(d.removedEdges).toEqual([{ from: 'w12', port: 'out', to: 'remind' }]);
    expect(d.settingsChanged).toBe(true);
    expect(d.renamed).toBe(false);
  });

  it('reports identical documents as the same, whatever the order of keys', () => {
    const reordered = structuredClone(v1);
    reordered.settings = Object.fromEntries(Object.entries(reordered.settings).reverse()) as ScenarioDocument['settings'];
    expect(isEmptyDiff(diffDocuments(v1, reordered))).toBe(true);
  });

  it('gives every node on each canvas its status: removed only on the left, added only on the right', () => {
    const s = canvasStatuses(v1, v2, diffDocuments(v1, v2));
    expect(s.before).toMatchObject({ remind: 'removed', w7: 'changed', offer: 'changed', start: 'unchanged' });
    expect(s.after).toMatchObject({ call: 'added', w7: 'changed', offer: 'changed', start: 'unchanged' });
    expect('call' in s.before).toBe(false);
    expect('remind' in s.after).toBe(false);
    expect([...s.addedEdges]).toEqual(['w12:out->call']);
    expect([...s.removedEdges]).toEqual(['w12:out->remind']);
  });

  it('lists the fields that changed in a node, the message text among them', () => {
    expect(nodeChanges(node(v1, 'w7'), node(v2, 'w7'))).toEqual([{ field: 'days', before: 7, after: 5 }]);
    expect(nodeChanges(node(v1, 'offer'), node(v2, 'offer'))).toEqual([
      { field: 'text', before: 'Дарим {{ bonus.points }} баллов до {{ bonus.expiresAt | date: "%d.%m" }}', after: 'Дарим {{ bonus.points }} баллов на любимый кофе' },
    ]);
    const renamed: ScenarioNode = { id: 'w7', type: 'wait', label: 'Неделя тишины', config: { days: 7, hours: 2 } };
    expect(nodeChanges(node(v1, 'w7'), renamed)).toEqual([
      { field: 'label', before: undefined, after: 'Неделя тишины' },
      { field: 'hours', before: undefined, after: 2 },
    ]);
  });

  it('lists every field of a node only one side has', () => {
    expect(nodeChanges(null, node(v2, 'call'))).toEqual([{ field: 'text', before: undefined, after: 'Позвонить' }]);
    expect(nodeChanges(node(v1, 'remind'), null).map((c) => c.field)).toEqual(['channel', 'text']);
  });

  it('lists the scenario settings that changed, in the settings panel order', () => {
    expect(settingsChanges(v1, v2)).toEqual([
      { field: 'timezone', before: 'Europe/Moscow', after: 'Asia/Omsk' },
      { field: 'quietHours', before: { start: '21:00', end: '09:00' }, after: undefined },
    ]);
    expect(settingsChanges(v1, { ...v1, name: 'Новое имя' })).toEqual([{ field: 'name', before: v1.name, after: 'Новое имя' }]);
  });

  it('places nodes saved without positions once for both sides, so unchanged nodes line up', () => {
    const strip = (doc: ScenarioDocument): ScenarioDocument => ({ ...doc, nodes: doc.nodes.map(({ position: _, ...n }) => n as ScenarioNode) });
    const [left, right] = placeTogether(strip(v1), strip(v2));
    for (const id of ['start', 'audience', 'hello', 'w7', 'offer', 'w12']) expect(node(left, id).position, id).toEqual(node(right, id).position);
    expect(node(left, 'remind').position).toBeDefined();
    expect(node(right, 'call').position).toBeDefined();
  });

  it('places a node one version saved without a position where the other version has it', () => {
    const strip = (doc: ScenarioDocument): ScenarioDocument => ({ ...doc, nodes: doc.nodes.map(({ position: _, ...n }) => n as ScenarioNode) });
    const placed = { ...v2, nodes: v2.nodes.map((n, i) => ({ ...n, position: { x: 10 * i, y: 100 * i } })) };
    const [left, right] = placeTogether(strip(v1), placed);
    expect(node(left, 'offer').position).toEqual(node(right, 'offer').position);
    expect(node(left, 'remind').position).toBeDefined();
    expect(right).toEqual(placed);
  });

  it('keeps the positions each version saved', () => {
    const [left, right] = placeTogether(v1, { ...v2, nodes: v2.nodes.map((n) => ({ ...n, position: n.position ?? { x: 1, y: 2 } })) });
    expect(node(left, 'start').position).toEqual({ x: 0, y: 0 });
    expect(node(right, 'start').position).toEqual({ x: 999, y: 999 });
  });
});
