import type {
  PublishRequest,
  PublishResult,
  SaveDraftRequest,
  Scenario,
  ScenarioList,
  ScenarioSummary,
  ScenarioVersion,
  ScenarioVersionList,
  ScenarioVersionSummary,
} from '../../../shared/api/scenarios';
import type { ScenarioDocument } from '../../../shared/scenario/schema';
import { api } from './http';

/** Client of `/api/scenarios` (server/api/routes/scenarios.ts); the shapes are shared/api/scenarios.ts. */

export type { ScenarioStatus, ScenarioSummary } from '../../../shared/api/scenarios';
/** A scenario with its draft document, as the API answers for one scenario. */
export type ScenarioDraft = Scenario;
export type VersionInfo = ScenarioVersionSummary;

const path = (id: string, rest = '') => `/api/scenarios/${encodeURIComponent(id)}${rest}`;

/** Live scenarios (draft, active, paused), plus archived ones when asked: the API lists those separately. */
export async function listScenarios(includeArchived: boolean): Promise<ScenarioSummary[]> {
  const [live, archived] = await Promise.all([
    api<ScenarioList>('GET', '/api/scenarios'),
    includeArchived ? api<ScenarioList>('GET', '/api/scenarios?status=archived') : Promise.resolve<ScenarioList>({ scenarios: [] }),
  ]);
  const seen = new Set<string>();
  return [...live.scenarios, ...archived.scenarios].filter((s) => !seen.has(s.id) && seen.add(s.id));
}

export function createScenario(document: ScenarioDocument): Promise<ScenarioDraft> {
  return api<ScenarioDraft>('POST', '/api/scenarios', document);
}

export function getScenario(id: string): Promise<ScenarioDraft> {
  return api<ScenarioDraft>('GET', path(id));
}

/** Saves the draft on top of `baseRevision`; the server answers 409 when someone saved in between. */
export function saveDraft(id: string, document: ScenarioDocument, baseRevision: number): Promise<ScenarioDraft> {
  return api<ScenarioDraft>('PUT', path(id), { document, baseRevision } satisfies SaveDraftRequest);
}

/** Publishes exactly the revision the editor shows (409 if the draft changed elsewhere meanwhile). */
export function publishScenario(id: string, draftRevision: number | null): Promise<PublishResult> {
  return api<PublishResult>('POST', path(id, '/publish'), (draftRevision ? { draftRevision } : {}) satisfies PublishRequest);
}

export async function scenarioAction(id: string, action: 'pause' | 'resume' | 'archive'): Promise<void> {
  await api<Scenario>('POST', path(id, `/${action}`), {});
}

export function duplicateScenario(id: string): Promise<ScenarioDraft> {
  return api<ScenarioDraft>('POST', path(id, '/duplicate'), {});
}

export async function listVersions(id: string): Promise<VersionInfo[]> {
  return (await api<ScenarioVersionList>('GET', path(id, '/versions'))).versions;
}

export async function getVersion(id: string, version: number): Promise<ScenarioDocument> {
  return (await api<ScenarioVersion>('GET', path(id, `/versions/${version}`))).document;
}
