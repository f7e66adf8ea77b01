import { validateScenario, type Problem, type ProblemCode } from '../../shared/scenario/validate';
import type { ScenarioDocument } from '../../shared/scenario/schema';
import { ScenarioError } from './errors';

/**
 * Problems that make a document corrupt rather than unfinished. A draft may be incomplete (no trigger yet, a node
 * not connected, a message text not written yet, a template to fix) — the editor saves work in progress — but it
 * may not be something no editor can show: unknown node types, duplicate ids, edges to nowhere or through missing
 * ports, two edges from one port, cycles, two triggers, config values outside their ranges. Those are refused.
 */
const CORRUPT: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  'document.invalid',
  'node.unknownType',
  'node.duplicateId',
  'node.config',
  'edge.unknownNode',
  'edge.unknownPort',
  'edge.portTaken',
  'graph.cycle',
  'trigger.multiple',
  'trigger.incoming',
]);

export interface AcceptedDraft {
  document: ScenarioDocument;
  problems: Problem[];
}

/** Validates a document for saving as a draft; throws `invalid` with every problem when it is corrupt. */
export function acceptDraft(input: unknown): AcceptedDraft {
  const { document, problems } = validateScenario(input);
  const corrupt = problems.filter((p) => p.severity === 'error' && CORRUPT.has(p.code) && !(p.code === 'node.config' && notFilledIn(input, p.path)));
  if (!document || corrupt.length > 0) {
    throw new ScenarioError(
      'invalid',
      'scenario_invalid',
      {
        ru: `Сценарий не сохранён: в документе ошибок, которые нельзя сохранить, — ${corrupt.length || problems.length}. Список — в problems.`,
        en: `The scenario was not saved: ${corrupt.length || problems.length} error(s) that cannot be saved; see problems.`,
      },
      { problems },
    );
  }
  return { document, problems };
}

export const isPublishable = (problems: Problem[]) => !problems.some((p) => p.severity === 'error');

/** A config field left empty (a node just dropped on the canvas) is unfinished work; a filled-in impossible value is not. */
function notFilledIn(input: unknown, path: string | undefined): boolean {
  if (!path) return false;
  let value: unknown = input;
  for (const key of path.match(/[^.[\]]+/g) ?? []) {
    if (value === null || typeof value !== 'object') return true;
    value = (value as Record<string, unknown>)[key];
  }
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}
