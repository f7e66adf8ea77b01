import { describe, expect, it } from 'vitest';
import { NODE_SPECS, NODE_TYPES, TRIGGER_TYPES, type ScenarioDocument } from '../../../shared/scenario/schema';
import { validateScenario } from '../../../shared/scenario/validate';
import { DEFAULT_CONFIGS, freshNodeId, newNode } from './defaults';

/** Node types whose default waits for the marketer: a text to write, an event name from their systems, a segment or a webhook endpoint to pick. */
const FILLED_BY_MARKETER: Partial<Record<string, string>> = {
  send: 'text',
  reminder: 'text',
  task: 'text',
  eventTrigger: 'eventType',
  segmentTrigger: 'segmentId',
  webhook: 'endpoint',
};

describe('what a node dropped from the palette starts with', () => {
  it.each(NODE_TYPES)('%s: the default config is valid, or invalid only in the field the marketer must fill', (type) => {
    const parsed = (NODE_SPECS[type].config as { safeParse(v: unknown): { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } } }).safeParse(DEFAULT_CONFIGS[type]());
    const field = FILLED_BY_MARKETER[type];
    if (!field) {
      expect(parsed.success).toBe(true);
      return;
    }
    expect(parsed.success).toBe(false);
    expect([...new Set(parsed.error!.issues.map((i) => i.path.join('.')))]).toEqual([field]);
  });

  it('every trigger type takes the id `start` when it is free, and a numbered one when it is not', () => {
    for (const type of TRIGGER_TYPES) {
      expect(freshNodeId(type, new Set())).toBe('start');
      expect(freshNodeId(type, new Set(['start']))).toBe('start-1');
    }
    expect(freshNodeId('waitForPurchase', new Set())).toBe('purchase-1');
    expect(freshNodeId('wait', new Set(['start']))).toBe('wait-1');
  });

  it('the issue’s chain built from defaults (first order → 14 days → wait for a purchase → no purchase: 100 points) validates', () => {
    const nodes = [newNode('orderTrigger', new Set()), newNode('wait', new Set()), newNode('waitForPurchase', new Set()), newNode('grantBonus', new Set())];
    const [trigger, wait, purchase, bonus] = nodes;
    if (wait.type === 'wait') wait.config = { days: 14 };
    const doc: ScenarioDocument = {
      format: 'scenario/v1',
      name: 'Через 14 дней после первой покупки',
      settings: { timezone: 'Europe/Moscow', stopOnPurchase: true, conversionWindowDays: 30 },
      nodes,
      edges: [
        { from: trigger.id, port: 'out', to: wait.id },
        { from: wait.id, port: 'out', to: purchase.id },
        { from: purchase.id, port: 'timeout', to: bonus.id },
      ],
    };
    const { problems } = validateScenario(doc);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(trigger).toMatchObject({ id: 'start', config: { firstOrder: true, reentry: { mode: 'once' } } });
    expect(bonus.config).toEqual({ points: 100, expiresInDays: 7 });
  });
});
