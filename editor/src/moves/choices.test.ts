import { describe, expect, it } from 'vitest';
import type { MovePlanner } from '../../../shared/api/moves';
import { allowedTargets, choiceCounts, movedWakes, toRequest, withChoice } from './choices';

const planner: MovePlanner = {
  scenarioId: '00000000-0000-4000-8000-000000000001',
  toVersion: 2,
  toNodes: [
    { id: 'hello', type: 'send', name: 'Письмо' },
    { id: 'w7', type: 'wait', name: 'Ждать 5 дн.', waitHours: 120 },
    { id: 'remind', type: 'reminder', name: 'Напоминание' },
  ],
  versions: [
    {
      version: 1,
      publishedAt: '2026-11-01T10:00:00Z',
      runs: 30,
      nodes: [
        { id: 'w7', type: 'wait', name: 'Ждать 7 дн.', waitHours: 168, runs: 10, wakes: { first: '2026-12-07T09:00:00.000Z', last: '2026-12-08T09:00:00.000Z' }, suggested: 'w7', refused: [{ nodeId: 'remind', why: { ru: 'нет бонуса', en: 'no bonus' } }] },
        { id: 'w12', type: 'wait', name: 'Ждать 12 дн.', runs: 20, wakes: null, suggested: null, refused: [] },
      ],
    },
  ],
  inProgress: [],
};

describe('move planner choices', () => {
  it('sends only moves and exits, and counts the runs they concern', () => {
    let choices = withChoice({}, 1, 'w7', { action: 'move', to: 'w7' });
    choices = withChoice(choices, 1, 'w12', { action: 'exit' });
    expect(toRequest(choices)).toEqual({ '1': { w7: { action: 'move', to: 'w7' }, w12: { action: 'exit' } } });
    expect(choiceCounts(planner, choices)).toEqual({ moved: 10, exited: 20 });
    expect(toRequest(withChoice(choices, 1, 'w12', { action: 'stay' }))).toEqual({ '1': { w7: { action: 'move', to: 'w7' } } });
    expect(toRequest(withChoice(withChoice({}, 1, 'w7', { action: 'stay' }), 1, 'w12', { action: 'stay' }))).toEqual({});
  });

  it('shows when moved waiting runs would wake: the old start plus the new length', () => {
    const node = planner.versions[0].nodes[0];
    expect(movedWakes(planner, node, 'w7')).toEqual({ first: new Date('2026-12-05T09:00:00.000Z'), last: new Date('2026-12-06T09:00:00.000Z') });
    expect(movedWakes(planner, node, 'hello')).toBeNull();
  });

  it('offers allowed targets only, the suggested one first', () => {
    expect(allowedTargets(planner, planner.versions[0].nodes[0]).map((n) => n.id)).toEqual(['w7', 'hello']);
    expect(allowedTargets(planner, planner.versions[0].nodes[1]).map((n) => n.id)).toEqual(['hello', 'w7', 'remind']);
  });
});
