import { describe, expect, it } from 'vitest';
import { ScenarioDocumentSchema, type ScenarioDocument } from '../../../shared/scenario/schema';
import { runLegs, takenPath } from './path';

const doc: ScenarioDocument = ScenarioDocumentSchema.parse({
  format: 'scenario/v1',
  name: 'A/B',
  nodes: [
    { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
    { id: 'split', type: 'abSplit', config: { variants: [{ key: 'a', label: 'A', weight: 50 }, { key: 'b', label: 'B', weight: 50 }] } },
    { id: 'mailA', type: 'send', config: { channel: 'email', text: 'A' } },
    { id: 'mailB', type: 'send', config: { channel: 'email', text: 'B' } },
    { id: 'wait', type: 'wait', config: { days: 3 } },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'split' },
    { from: 'split', port: 'a', to: 'mailA' },
    { from: 'split', port: 'b', to: 'mailB' },
    { from: 'mailA', port: 'out', to: 'wait' },
    { from: 'mailB', port: 'out', to: 'wait' },
  ],
});

describe('the path a run took, for the flight recorder canvas', () => {
  it('follows the port the run left each node by, up to the node it is at now', () => {
    const path = takenPath(
      doc,
      [
        { nodeId: 'start', port: 'out', at: '' },
        { nodeId: 'split', port: 'b', at: '' },
        { nodeId: 'mailB', port: 'out', at: '' },
      ],
      'wait',
    );
    expect([...path.nodes]).toEqual(['start', 'split', 'mailB', 'wait']);
    expect([...path.edges]).toEqual(['start:out->split', 'split:b->mailB', 'mailB:out->wait']);
  });

  it('ignores nodes a newer document no longer has', () => {
    const path = takenPath(doc, [{ nodeId: 'start', port: 'out', at: '' }, { nodeId: 'gone', port: 'out', at: '' }], null);
    expect([...path.nodes]).toEqual(['start']);
    expect([...path.edges]).toEqual([]);
  });

  it('splits a moved run into its versions: the old one up to the move, the new one from the move on', () => {
    const v2: ScenarioDocument = { ...doc, name: 'A/B v2' };
    const move = { stepId: 9, at: '2026-11-30T11:05:00.000Z', planId: 'p', fromVersion: 1, fromNodeId: 'wait', toVersion: 2, toNodeId: 'wait', by: 'Ольга' };
    const legs = runLegs({
      run: { currentVersion: 2 } as never,
      versions: [
        { version: 1, document: doc },
        { version: 2, document: v2 },
      ],
      moves: [move],
      path: [
        { nodeId: 'start', port: 'out', at: '', version: 1 },
        { nodeId: 'split', port: 'a', at: '', version: 1 },
        { nodeId: 'mailA', port: 'out', at: '', version: 1 },
        { nodeId: 'wait', port: null, at: '', version: 1 },
        { nodeId: 'wait', port: 'out', at: '', version: 2 },
      ],
      currentNodeId: 'mailB',
    });
    expect(legs.map((l) => [l.version, l.path.map((p) => p.nodeId), l.currentNodeId, l.arrived?.stepId ?? null, l.left?.stepId ?? null])).toEqual([
      [1, ['start', 'split', 'mailA', 'wait'], null, null, 9],
      [2, ['wait'], 'mailB', 9, null],
    ]);
    expect(legs[1].document.name).toBe('A/B v2');
  });
});
