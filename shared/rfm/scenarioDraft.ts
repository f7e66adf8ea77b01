import type { Condition } from '../conditions/schema';
import { mindboxReactivation } from '../scenario/examples/mindboxReactivation';
import { ScenarioDocumentSchema, type ScenarioDocument } from '../scenario/schema';

/**
 * A draft win-back scenario for one segment: the seed-003 chain (reminder, 7 days, bonus if no order, 12 days,
 * expiry reminder; one entry per 180 days) whose audience filter is the segment's condition plus a valid, subscribed
 * email contact — the channel the chain writes to. The marketer adjusts texts and offers before publishing.
 */
export function segmentScenarioDraft(segment: { name: string; condition: Condition }): ScenarioDocument {
  const audience: Condition = { all: [{ field: 'subscribed.email', op: 'eq', value: true }, segment.condition] };
  return ScenarioDocumentSchema.parse({
    ...mindboxReactivation,
    name: `Возврат: ${segment.name}`.slice(0, 200),
    description: `Сценарий для сегмента «${segment.name}», создан из RFM-матрицы`,
    nodes: mindboxReactivation.nodes.map((node) => (node.id === 'audience' ? { ...node, config: { condition: audience } } : node)),
  });
}
