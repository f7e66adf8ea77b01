import type { ScenarioDocument } from '../../../shared/scenario/schema';
import type { Problem } from '../../../shared/scenario/problems';
import { api } from './http';

export type ScenarioStatus = 'draft' | 'active' | 'paused' | 'archived';

export interface ScenarioSummary {
  id: string;
  name: string;
  status: ScenarioStatus;
  currentVersion: number | null;
  updatedAt: string;
  /** Customers who entered today (the audience the daily trigger let in). */
  enteredToday: number | null;
  inFlight: number | null;
  conversions: number | null;
}

export interface ScenarioDraft {
  id: string;
  name: string;
  status: ScenarioStatus;
  currentVersion: number | null;
  revision: number;
  /** The draft differs from the published version (always true before the first publish). */
  hasUnpublishedChanges: boolean;
  document: ScenarioDocument;
  updatedAt: string | null;
}

export interface VersionInfo {
  version: number;
  publishedAt: string;
  publishedBy: string | null;
}

type Loose = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Reads a list answer whichever envelope it comes in (`[...]`, `{ items }`, `{ scenarios }`, `{ versions }`). */
function listOf(body: unknown, ...keys: string[]): Loose[] {
  if (Array.isArray(body)) return body as Loose[];
  for (const k of ['items', ...keys]) {
    const v = (body as Loose | undefined)?.[k];
    if (Array.isArray(v)) return v as Loose[];
  }
  return [];
}

function summary(r: Loose): ScenarioSummary {
  const stats = (r.counts ?? r.stats ?? {}) as Loose;
  return {
    id: String(r.id),
    name: str(r.name) ?? '',
    status: (str(r.status) ?? 'draft') as ScenarioStatus,
    currentVersion: num(r.currentVersion),
    updatedAt: str(r.updatedAt) ?? str(r.createdAt) ?? new Date(0).toISOString(),
    enteredToday: num(r.enteredToday ?? stats.enteredToday),
    inFlight: num(r.inFlight ?? stats.inFlight),
    conversions: num(r.conversions ?? stats.conversions),
  };
}

function draft(r: Loose): ScenarioDraft {
  const document = (r.draft ?? r.document) as ScenarioDocument;
  return {
    id: String(r.id),
    name: str(r.name) ?? document?.name ?? '',
    status: (str(r.status) ?? 'draft') as ScenarioStatus,
    currentVersion: num(r.currentVersion),
    revision: num(r.revision ?? r.draftRevision) ?? 1,
    hasUnpublishedChanges: r.hasUnpublishedChanges !== false,
    document,
    updatedAt: str(r.updatedAt),
  };
}

/** Live scenarios (draft, active, paused), plus archived ones when asked: the API lists those separately. */
export async function listScenarios(includeArchived: boolean): Promise<ScenarioSummary[]> {
  const [live, archived] = await Promise.all([
    api<unknown>('GET', '/api/scenarios'),
    includeArchived ? api<unknown>('GET', '/api/scenarios?status=archived') : Promise.resolve([]),
  ]);
  const seen = new Set<string>();
  return [...listOf(live, 'scenarios'), ...listOf(archived, 'scenarios')].map(summary).filter((s) => !seen.has(s.id) && seen.add(s.id));
}

export async function createScenario(document: ScenarioDocument): Promise<ScenarioDraft> {
  return draft(await api<Loose>('POST', '/api/scenarios', document));
}

export async function getScenario(id: string): Promise<ScenarioDraft> {
  return draft(await api<Loose>('GET', `/api/scenarios/${encodeURIComponent(id)}`));
}

/** Saves the draft on top of `baseRevision`; the server answers 409 when someone saved in between. */
export async function saveDraft(id: string, document: ScenarioDocument, baseRevision: number): Promise<{ revision: number }> {
  const r = await api<Loose>('PUT', `/api/scenarios/${encodeURIComponent(id)}`, { document, baseRevision });
  return { revision: num(r?.revision ?? r?.draftRevision) ?? baseRevision + 1 };
}

/** Publishes exactly the revision the editor shows (409 if the draft changed elsewhere meanwhile). */
export async function publishScenario(id: string, draftRevision: number | null): Promise<{ version: number }> {
  const r = await api<Loose>('POST', `/api/scenarios/${encodeURIComponent(id)}/publish`, draftRevision ? { draftRevision } : {});
  return { version: num(r?.version ?? r?.currentVersion) ?? 0 };
}

export async function scenarioAction(id: string, action: 'pause' | 'resume' | 'archive'): Promise<void> {
  await api<unknown>('POST', `/api/scenarios/${encodeURIComponent(id)}/${action}`, {});
}

export async function duplicateScenario(id: string): Promise<{ id: string }> {
  const r = await api<Loose>('POST', `/api/scenarios/${encodeURIComponent(id)}/duplicate`, {});
  return { id: String(r.id) };
}

export async function listVersions(id: string): Promise<VersionInfo[]> {
  const body = await api<unknown>('GET', `/api/scenarios/${encodeURIComponent(id)}/versions`);
  return listOf(body, 'versions').map((r) => ({
    version: num(r.version) ?? 0,
    publishedAt: str(r.publishedAt) ?? '',
    publishedBy: str(r.publishedByName) ?? str((r.publishedBy as Loose | undefined)?.name) ?? str(r.publishedBy) ?? null,
  }));
}

export async function getVersion(id: string, version: number): Promise<ScenarioDocument> {
  const r = await api<Loose>('GET', `/api/scenarios/${encodeURIComponent(id)}/versions/${version}`);
  return (r.document ?? r) as ScenarioDocument;
}

export async function validateOnServer(document: unknown): Promise<Problem[]> {
  const r = await api<Loose>('POST', '/api/scenarios/validate', document);
  return (r.problems ?? []) as Problem[];
}
