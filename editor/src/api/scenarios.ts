import type { ScenarioDocument } from '../../../shared/scenario/schema';
import { api } from './http';

/** Client of `/api/scenarios` (server/api/routes/scenarios.ts). */

export type ScenarioStatus = 'draft' | 'active' | 'paused' | 'archived';

interface UserRef {
  id: number;
  name: string;
}

export interface ScenarioSummary {
  id: string;
  name: string;
  status: ScenarioStatus;
  currentVersion: number | null;
  draftRevision: number;
  hasUnpublishedChanges: boolean;
  updatedAt: string;
  counts: {
    /** Customers in a running run. */
    inFlight: number;
    /** Runs ended by a purchase. */
    conversions: number;
    /** Runs started today: the audience the daily trigger let in. */
    enteredToday: number;
  };
}

export interface ScenarioDraft {
  id: string;
  name: string;
  status: ScenarioStatus;
  currentVersion: number | null;
  draftRevision: number;
  /** The draft differs from the published version (always true before the first publish). */
  hasUnpublishedChanges: boolean;
  document: ScenarioDocument;
  updatedAt: string;
  updatedBy: UserRef | null;
}

export interface VersionInfo {
  version: number;
  name: string;
  publishedAt: string;
  publishedBy: UserRef | null;
  current: boolean;
}

const path = (id: string, rest = '') => `/api/scenarios/${encodeURIComponent(id)}${rest}`;

/** Live scenarios (draft, active, paused), plus archived ones when asked: the API lists those separately. */
export async function listScenarios(includeArchived: boolean): Promise<ScenarioSummary[]> {
  const [live, archived] = await Promise.all([
    api<{ scenarios: ScenarioSummary[] }>('GET', '/api/scenarios'),
    includeArchived ? api<{ scenarios: ScenarioSummary[] }>('GET', '/api/scenarios?status=archived') : Promise.resolve({ scenarios: [] }),
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
  return api<ScenarioDraft>('PUT', path(id), { document, baseRevision });
}

/** Publishes exactly the revision the editor shows (409 if the draft changed elsewhere meanwhile). */
export function publishScenario(id: string, draftRevision: number | null): Promise<{ version: number; scenario: ScenarioDraft }> {
  return api('POST', path(id, '/publish'), draftRevision ? { draftRevision } : {});
}

export async function scenarioAction(id: string, action: 'pause' | 'resume' | 'archive'): Promise<void> {
  await api<unknown>('POST', path(id, `/${action}`), {});
}

export function duplicateScenario(id: string): Promise<ScenarioDraft> {
  return api<ScenarioDraft>('POST', path(id, '/duplicate'), {});
}

export async function listVersions(id: string): Promise<VersionInfo[]> {
  return (await api<{ versions: VersionInfo[] }>('GET', path(id, '/versions'))).versions;
}

export async function getVersion(id: string, version: number): Promise<ScenarioDocument> {
  return (await api<{ document: ScenarioDocument }>('GET', path(id, `/versions/${version}`))).document;
}
