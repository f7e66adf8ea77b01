import type { Problem } from '../../shared/scenario/validate';

export interface Text {
  ru: string;
  en: string;
}

/**
 * Why a scenario operation was refused; the HTTP layer turns `kind` into a status
 * (invalid 400, not_found 404, conflict 409, runtime 503).
 */
export class ScenarioError extends Error {
  constructor(
    readonly kind: 'invalid' | 'not_found' | 'conflict' | 'runtime',
    readonly code: string,
    readonly text: Text,
    readonly extra: { problems?: Problem[]; currentRevision?: number; status?: string } = {},
  ) {
    super(text.en);
    this.name = 'ScenarioError';
  }
}

export const scenarioNotFound = (id: string) =>
  new ScenarioError('not_found', 'scenario_not_found', { ru: `Сценарий ${id} не найден`, en: `Scenario ${id} not found` });
