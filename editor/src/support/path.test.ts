import { describe, expect, it } from 'vitest';
import { ScenarioDocumentSchema, type ScenarioDocument } from '../../../shared/scenario/schema';
import { takenPath } from './path';

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
});
