import { audit } from '../audit';
import type { Sql } from '../db/client';
import { DEFAULT_PRIORITY, DEFAULT_TIMEZONE, type ScenarioDocument } from '../../shared/scenario/schema';
import type { Plan } from '../../shared/scenario/plan';
import { validateScenario, type Problem } from '../../shared/scenario/validate';
import { isValidTimeZone, zonedParts, zonedToInstant } from '../../shared/time/zoned';
import { acceptDraft, isPublishable } from './draft';
import { ScenarioError, scenarioNotFound } from './errors';

export type ScenarioStatus = 'draft' | 'active' | 'paused' | 'archived';
export const SCENARIO_STATUSES: ScenarioStatus[] = ['draft', 'active', 'paused', 'archived'];

/** Who did it, for `created_by`/`updated_by`/`published_by` and the audit log. */
export interface Actor {
  userId: number | null;
  tokenId?: number | null;
}

export interface UserRef {
  id: number;
  name: string;
}

export interface ScenarioDetail {
  id: string;
  name: string;
  status: ScenarioStatus;
  /** The draft: what the editor shows and saves. */
  document: ScenarioDocument;
  draftRevision: number;
  /** The published version new entrants get; null before the first publish. */
  currentVersion: number | null;
  /** True when the draft was saved since the current version was published. */
  hasUnpublishedChanges: boolean;
  createdAt: string;
  updatedAt: string;
  createdBy: UserRef | null;
  updatedBy: UserRef | null;
  /** Every problem of the draft (validateScenario); publishable ⇔ no error among them. */
  problems: Problem[];
  publishable: boolean;
}

export interface ScenarioSummary {
  id: string;
  name: string;
  status: ScenarioStatus;
  currentVersion: number | null;
  draftRevision: number;
  hasUnpublishedChanges: boolean;
  createdAt: string;
  updatedAt: string;
  /** The draft's priority in its exclusivity group (DEFAULT_PRIORITY when unset) and the group, if any. */
  priority: number;
  exclusivityGroup: string | null;
  counts: {
    /** Runs still going (customers in flight). */
    inFlight: number;
    /** Runs that ended with a purchase. */
    conversions: number;
    /** Runs that started today, in the scenario's time zone. */
    enteredToday: number;
  };
}

export interface VersionSummary {
  version: number;
  name: string;
  publishedAt: string;
  publishedBy: UserRef | null;
  /** True for the version new entrants get now. */
  current: boolean;
}

export interface VersionDetail extends VersionSummary {
  document: ScenarioDocument;
  plan: Plan;
}

interface ScenarioRow {
  id: string;
  name: string;
  status: ScenarioStatus;
  draft: ScenarioDocument;
  draft_revision: number;
  current_version: number | null;
  published_revision: number | null;
  created_at: Date;
  updated_at: Date;
  created_by: number | null;
  created_by_name: string | null;
  updated_by: number | null;
  updated_by_name: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` can name a scenario at all (a malformed one would be a database type error). */
export const isScenarioId = (id: string): boolean => UUID.test(id);

/** A malformed id cannot name a scenario: answer "not found" instead of a database type error. */
export function assertScenarioId(id: string): void {
  if (!UUID.test(id)) throw scenarioNotFound(id);
}

const userRef = (id: number | null, name: string | null): UserRef | null => (id === null ? null : { id, name: name ?? '' });
const unpublished = (row: { current_version: number | null; published_revision: number | null; draft_revision: number }) =>
  row.current_version !== null && row.published_revision !== row.draft_revision;

async function loadRow(sql: Sql, id: string): Promise<ScenarioRow | null> {
  assertScenarioId(id);
  const [row] = await sql<ScenarioRow[]>`
    SELECT s.id, s.name, s.status, s.draft, s.draft_revision, s.current_version, s.published_revision,
           s.created_at, s.updated_at, s.created_by, cu.name AS created_by_name, s.updated_by, uu.name AS updated_by_name
      FROM scenarios s
      LEFT JOIN users cu ON cu.id = s.created_by
      LEFT JOIN users uu ON uu.id = s.updated_by
     WHERE s.id = ${id}`;
  return row ?? null;
}

function detailOf(row: ScenarioRow): ScenarioDetail {
  const { problems } = validateScenario(row.draft);
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    document: row.draft,
    draftRevision: row.draft_revision,
    currentVersion: row.current_version,
    hasUnpublishedChanges: unpublished(row),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    createdBy: userRef(row.created_by, row.created_by_name),
    updatedBy: userRef(row.updated_by, row.updated_by_name),
    problems,
    publishable: isPublishable(problems),
  };
}

export async function getScenario(sql: Sql, id: string): Promise<ScenarioDetail> {
  const row = await loadRow(sql, id);
  if (!row) throw scenarioNotFound(id);
  return detailOf(row);
}

/**
 * Stores a new draft (from the editor, an import or a duplicate). Drafts may be unfinished; corrupt documents are
 * refused with every problem (see ./draft.ts) and nothing is stored.
 */
export async function createScenario(
  sql: Sql,
  input: unknown,
  actor: Actor,
  how: { action: 'scenario.create' | 'scenario.import' | 'scenario.duplicate'; details?: Record<string, unknown> } = { action: 'scenario.create' },
): Promise<ScenarioDetail> {
  const { document } = acceptDraft(input);
  const id = await sql.begin(async (tx) => {
    const [row] = await tx<{ id: string }[]>`
      INSERT INTO scenarios (name, draft, created_by, updated_by)
      VALUES (${document.name}, ${tx.json(document as never)}, ${actor.userId}, ${actor.userId})
      RETURNING id`;
    await audit(tx as unknown as Sql, { ...actor, action: how.action, entity: `scenario:${row.id}`, details: { name: document.name, ...how.details } });
    return row.id;
  });
  return getScenario(sql, id);
}

/**
 * Saves the draft when nobody saved since `baseRevision` (optimistic concurrency between tabs and colleagues);
 * otherwise `conflict` with the current revision, and nothing is written.
 */
export async function saveDraft(sql: Sql, id: string, input: { document: unknown; baseRevision: number }, actor: Actor): Promise<ScenarioDetail> {
  assertScenarioId(id);
  const { document } = acceptDraft(input.document);
  const [saved] = await sql<{ id: string }[]>`
    UPDATE scenarios
       SET draft = ${sql.json(document as never)}, name = ${document.name}, draft_revision = draft_revision + 1,
           updated_by = ${actor.userId}, updated_at = now()
     WHERE id = ${id} AND draft_revision = ${input.baseRevision} AND status <> 'archived'
     RETURNING id`;
  if (!saved) {
    const current = await loadRow(sql, id);
    if (!current) throw scenarioNotFound(id);
    if (current.status === 'archived') throw archivedError();
    const who = current.updated_by_name ? ` (${current.updated_by_name})` : '';
    throw new ScenarioError(
      'conflict',
      'revision_conflict',
      {
        ru: `Сценарий уже изменён в другой вкладке или другим сотрудником${who}: ваша версия — ${input.baseRevision}, текущая — ${current.draft_revision}. Обновите страницу, чтобы не потерять чужие правки.`,
        en: `The scenario was changed elsewhere${who}: you edited revision ${input.baseRevision}, the current one is ${current.draft_revision}. Reload to see those changes.`,
      },
      { currentRevision: current.draft_revision },
    );
  }
  return getScenario(sql, id);
}

export const archivedError = () =>
  new ScenarioError(
    'conflict',
    'scenario_archived',
    { ru: 'Сценарий в архиве: его нельзя менять. Сделайте копию, чтобы продолжить работу.', en: 'The scenario is archived and cannot be changed; duplicate it to keep working.' },
    { status: 'archived' },
  );

/** A new draft with a copy of this scenario's draft, named «… (копия)». */
export async function duplicateScenario(sql: Sql, id: string, actor: Actor): Promise<ScenarioDetail> {
  const source = await loadRow(sql, id);
  if (!source) throw scenarioNotFound(id);
  const name = `${source.name} (копия)`.slice(0, 200);
  return createScenario(sql, { ...source.draft, name }, actor, { action: 'scenario.duplicate', details: { from: id } });
}

/** Scenarios with their run counts, most recently changed first; archived ones only when asked for. */
export async function listScenarios(sql: Sql, filter: { status?: ScenarioStatus } = {}, now = new Date()): Promise<ScenarioSummary[]> {
  const rows = await sql<(Pick<ScenarioRow, 'id' | 'name' | 'status' | 'draft_revision' | 'current_version' | 'published_revision' | 'created_at' | 'updated_at'> & { timezone: string | null; priority: unknown; exclusivity_group: string | null })[]>`
    SELECT id, name, status, draft_revision, current_version, published_revision, created_at, updated_at,
           draft #>> '{settings,timezone}' AS timezone, draft #> '{settings,priority}' AS priority,
           draft #>> '{settings,exclusivityGroup}' AS exclusivity_group
      FROM scenarios
     WHERE ${filter.status ? sql`status = ${filter.status}` : sql`status <> 'archived'`}
     ORDER BY updated_at DESC, id`;
  if (rows.length === 0) return [];

  // "Today" starts at midnight in each scenario's own time zone; computed here so a draft's odd zone cannot break SQL.
  // Each count is a range scan of one index of runs ((scenario_id, status, …) or (scenario_id, entered_at, …)).
  const ids = rows.map((r) => r.id);
  const dayStarts = rows.map((r) => startOfDay(now, r.timezone && isValidTimeZone(r.timezone) ? r.timezone : DEFAULT_TIMEZONE).toISOString());
  const counts = await sql<{ scenario_id: string; in_flight: number; conversions: number; entered_today: number }[]>`
    SELECT t.scenario_id,
           (SELECT count(*) FROM runs r WHERE r.scenario_id = t.scenario_id AND r.status = 'running')::int AS in_flight,
           (SELECT count(*) FROM runs r WHERE r.scenario_id = t.scenario_id AND r.status = 'converted')::int AS conversions,
           (SELECT count(*) FROM runs r WHERE r.scenario_id = t.scenario_id AND r.entered_at >= t.day_start)::int AS entered_today
      FROM unnest(${sql.array(ids)}::uuid[], ${sql.array(dayStarts)}::timestamptz[]) AS t(scenario_id, day_start)`;
  const byId = new Map(counts.map((c) => [c.scenario_id, c]));

  return rows.map((row) => {
    const c = byId.get(row.id);
    return {
      id: row.id,
      name: row.name,
      status: row.status,
      currentVersion: row.current_version,
      draftRevision: row.draft_revision,
      hasUnpublishedChanges: unpublished(row),
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      priority: typeof row.priority === 'number' ? row.priority : DEFAULT_PRIORITY,
      exclusivityGroup: row.exclusivity_group,
      counts: { inFlight: c?.in_flight ?? 0, conversions: c?.conversions ?? 0, enteredToday: c?.entered_today ?? 0 },
    };
  });
}

function startOfDay(now: Date, timeZone: string): Date {
  const { year, month, day } = zonedParts(now, timeZone);
  return zonedToInstant({ year, month, day, hour: 0, minute: 0 }, timeZone);
}

interface VersionRow {
  version: number;
  document: ScenarioDocument;
  plan: Plan;
  published_at: Date;
  published_by: number | null;
  published_by_name: string | null;
  current: boolean;
}

/** Who published what and when, newest first. */
export async function listVersions(sql: Sql, id: string): Promise<VersionSummary[]> {
  if (!(await loadRow(sql, id))) throw scenarioNotFound(id);
  const rows = await sql<VersionRow[]>`
    SELECT v.version, v.document, v.published_at, v.published_by, u.name AS published_by_name, s.current_version = v.version AS current
      FROM scenario_versions v
      JOIN scenarios s ON s.id = v.scenario_id
      LEFT JOIN users u ON u.id = v.published_by
     WHERE v.scenario_id = ${id}
     ORDER BY v.version DESC`;
  return rows.map(versionSummary);
}

export async function getVersion(sql: Sql, id: string, version: number): Promise<VersionDetail> {
  assertScenarioId(id);
  const [row] = await sql<VersionRow[]>`
    SELECT v.version, v.document, v.plan, v.published_at, v.published_by, u.name AS published_by_name, s.current_version = v.version AS current
      FROM scenario_versions v
      JOIN scenarios s ON s.id = v.scenario_id
      LEFT JOIN users u ON u.id = v.published_by
     WHERE v.scenario_id = ${id} AND v.version = ${version}`;
  if (!row) {
    if (!(await loadRow(sql, id))) throw scenarioNotFound(id);
    throw new ScenarioError('not_found', 'version_not_found', { ru: `У сценария нет версии ${version}`, en: `The scenario has no version ${version}` });
  }
  return { ...versionSummary(row), document: row.document, plan: row.plan };
}

function versionSummary(row: VersionRow): VersionSummary {
  return {
    version: row.version,
    name: row.document.name,
    publishedAt: row.published_at.toISOString(),
    publishedBy: userRef(row.published_by, row.published_by_name),
    current: row.current,
  };
}
