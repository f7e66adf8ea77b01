import { checkCondition } from '../../shared/conditions/check';
import { isTrigger, NODE_SPECS, type NodeConfig, type ScenarioDocument } from '../../shared/scenario/schema';
import type { AudienceSpec } from '../activities/audienceQuery';

export interface AudienceScope {
  spec: AudienceSpec;
  filterNodeId: string | null;
  frequencyLimitNodeId: string | null;
  /** The node a customer who enters starts at (null: nothing happens after the audience). */
  entry: string | null;
}

export type AudienceScopeResult = { ok: true; scope: AudienceScope } | { ok: false; reason: { ru: string; en: string } };

/**
 * The audience push-down of a draft, read from the document the way `compileScenario` reads it (the filter right
 * after the trigger with `no` unconnected, then a frequency limit with `limited` unconnected), but without needing
 * the rest of the draft to be valid: a marketer sizes the audience long before the last message is written.
 */
export function audienceScopeOf(document: ScenarioDocument, scenarioId: string | null): AudienceScopeResult {
  // Any trigger: for the daily one this is who enters at its next firing; for the others, who among the customers the
  // filter lets in (their birthday, expiring points, segment or event decides the day).
  const triggers = document.nodes.filter((n) => isTrigger(n.type));
  if (triggers.length !== 1) {
    return {
      ok: false,
      reason:
        triggers.length === 0
          ? { ru: 'Добавьте запуск: с него начинается сценарий', en: 'Add a trigger: the scenario starts from it' }
          : { ru: 'В сценарии несколько запусков', en: 'The scenario has more than one trigger' },
    };
  }
  const byId = new Map(document.nodes.map((n) => [n.id, n]));
  const next = (from: string, port: string) => {
    const to = document.edges.find((e) => e.from === from && e.port === port)?.to;
    return to !== undefined && byId.has(to) ? to : null;
  };

  let cursor = next(triggers[0].id, 'out');
  let filterNodeId: string | null = null;
  let frequencyLimitNodeId: string | null = null;
  const audience: AudienceSpec['audience'] = { condition: null, frequencyLimit: null };

  const first = cursor ? byId.get(cursor)! : null;
  if (first?.type === 'filter' && next(first.id, 'no') === null) {
    const parsed = NODE_SPECS.filter.config.safeParse(first.config);
    if (!parsed.success || checkCondition(parsed.data.condition).length > 0) {
      return { ok: false, reason: { ru: 'Условие аудитории заполнено не до конца', en: 'The audience condition is incomplete' } };
    }
    audience.condition = parsed.data.condition;
    filterNodeId = first.id;
    cursor = next(first.id, 'yes');
    const second = cursor ? byId.get(cursor)! : null;
    if (second?.type === 'frequencyLimit' && next(second.id, 'limited') === null) {
      const limit = NODE_SPECS.frequencyLimit.config.safeParse(second.config);
      if (!limit.success) {
        return { ok: false, reason: { ru: 'Ограничение частоты после аудитории заполнено с ошибками', en: 'The frequency limit after the audience has errors' } };
      }
      audience.frequencyLimit = { nodeId: second.id, ...(limit.data as NodeConfig<'frequencyLimit'>) };
      frequencyLimitNodeId = second.id;
      cursor = next(second.id, 'pass');
    }
  }
  const settings = { timezone: document.settings.timezone, priority: document.settings.priority, exclusivityGroup: document.settings.exclusivityGroup };
  const dateTrigger = { type: triggers[0].type, config: triggers[0].config };
  return { ok: true, scope: { spec: { scenarioId, settings, audience, dateTrigger }, filterNodeId, frequencyLimitNodeId, entry: cursor } };
}
