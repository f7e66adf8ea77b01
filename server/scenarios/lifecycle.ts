import { audit } from '../audit';
import type { Sql } from '../db/client';
import { compileScenario } from '../../shared/scenario/compile';
import type { Plan } from '../../shared/scenario/plan';
import type { ScenarioDocument } from '../../shared/scenario/schema';
import { hasErrors, validateScenario } from '../../shared/scenario/validate';
import { ScenarioError, scenarioNotFound } from './errors';
import type { ScenarioRuntime } from './runtime';
import { archivedError, assertScenarioId, getScenario, type Actor, type ScenarioDetail, type ScenarioStatus } from './store';
import { lineLogger, log as processLog } from '../infra/log';
import { endpointNames } from '../webhooks/endpoints';

/**
 * Publish, pause, resume and archive: a database change paired with a runtime call (Temporal Schedules).
 *
 * Order and compensation. No transaction is held open while the runtime works (it may be slow, and it may itself
 * use the database — with PGlite's single connection that would deadlock). Instead:
 *   1. claim the scenario (`transition_started_at`, a lease), so two transitions of one scenario never interleave;
 *   2. check the transition and, for publish, validate and compile the draft — nothing changed yet;
 *   3. call the runtime — if it fails, the database is untouched (the runtime's own calls are idempotent, so a
 *      retry converges) and the caller gets 503;
 *   4. write the new state, the immutable version row and the audit entry in one transaction — if that fails, the
 *      runtime is put back to the previous state (best effort) before the error is reported.
 * The claim is released in every case. What remains: if the process dies between 3 and 4, the runtime is ahead of
 * the database until the next transition of that scenario (each one re-sends the full state), and the lease lets
 * that next transition proceed once it expires.
 */

/** Longer than any runtime call should take; a claim older than this belongs to a process that died. */
const CLAIM_LEASE_SECONDS = 120;

export interface ClaimedRow {
  id: string;
  name: string;
  status: ScenarioStatus;
  draft: ScenarioDocument;
  draft_revision: number;
  current_version: number | null;
}

export interface TransitionOptions {
  log?: (line: string) => void;
}

async function claim(sql: Sql, id: string): Promise<ClaimedRow> {
  assertScenarioId(id);
  const [row] = await sql<ClaimedRow[]>`
    UPDATE scenarios SET transition_started_at = now()
     WHERE id = ${id}
       AND (transition_started_at IS NULL OR transition_started_at < now() - make_interval(secs => ${CLAIM_LEASE_SECONDS}))
     RETURNING id, name, status, draft, draft_revision, current_version`;
  if (row) return row;
  const [exists] = await sql`SELECT 1 FROM scenarios WHERE id = ${id}`;
  if (!exists) throw scenarioNotFound(id);
  throw new ScenarioError('conflict', 'scenario_busy', {
    ru: 'Этот сценарий сейчас публикуется или меняет статус по другому запросу. Повторите через несколько секунд.',
    en: 'Another publish or status change of this scenario is in progress. Try again in a few seconds.',
  });
}

async function release(sql: Sql, id: string): Promise<void> {
  await sql`UPDATE scenarios SET transition_started_at = NULL WHERE id = ${id}`;
}

async function runtimeCall(what: { ru: string; en: string }, call: () => Promise<void>): Promise<void> {
  try {
    await call();
  } catch (error) {
    const detail = (error as Error)?.message ?? String(error);
    throw new ScenarioError('runtime', 'runtime_failed', {
      ru: `Не удалось ${what.ru}: планировщик сценариев (Temporal) не ответил или отказал — ${detail}. Ничего не изменено, повторите позже.`,
      en: `Could not ${what.en}: the scenario runtime (Temporal) failed — ${detail}. Nothing was changed; try again later.`,
    });
  }
}

async function planOf(sql: Sql, id: string, version: number): Promise<Plan> {
  const [row] = await sql<{ plan: Plan }[]>`SELECT plan FROM scenario_versions WHERE scenario_id = ${id} AND version = ${version}`;
  return row.plan;
}

/** Brings the runtime back to what the database still says after step 4 failed. Best effort: failures are logged. */
async function restoreRuntime(sql: Sql, runtime: ScenarioRuntime, before: ClaimedRow, log: (line: string) => void): Promise<void> {
  try {
    if (before.current_version === null || before.status === 'archived') {
      await runtime.archived(before.id);
      return;
    }
    await runtime.published(before.id, before.current_version, await planOf(sql, before.id, before.current_version));
    if (before.status === 'paused') await runtime.paused(before.id);
  } catch (error) {
    log(`[scenarios] could not restore the runtime of scenario ${before.id} to "${before.status}" v${before.current_version}: ${(error as Error).message}`);
  }
}

async function transition<T>(
  sql: Sql,
  runtime: ScenarioRuntime,
  id: string,
  options: TransitionOptions,
  body: (row: ClaimedRow) => Promise<{ runtimeStep: (() => Promise<void>) | null; what: { ru: string; en: string }; write: (tx: Sql) => Promise<T> }>,
): Promise<T> {
  const log = options.log ?? lineLogger(processLog, 'error');
  const row = await claim(sql, id);
  try {
    const step = await body(row);
    if (step.runtimeStep) await runtimeCall(step.what, step.runtimeStep);
    try {
      return (await sql.begin((tx) => step.write(tx as unknown as Sql))) as T;
    } catch (error) {
      if (step.runtimeStep) await restoreRuntime(sql, runtime, row, log);
      throw error;
    }
  } finally {
    await release(sql, id).catch((error) => log(`[scenarios] could not release the claim on ${id}: ${(error as Error).message}`));
  }
}

const notPublished = () =>
  new ScenarioError('conflict', 'scenario_not_published', {
    ru: 'Сценарий ещё не опубликован: сначала опубликуйте его.',
    en: 'The scenario has not been published yet; publish it first.',
  });

/**
 * Freezes the draft as the next version and makes it live: validates (every problem → `invalid`), compiles,
 * tells the runtime, stores the immutable version, status `active`. `draftRevision`, when given, must be the
 * current one, so a marketer publishes exactly what they looked at.
 */
export async function publishScenario(
  sql: Sql,
  runtime: ScenarioRuntime,
  id: string,
  actor: Actor,
  input: { draftRevision?: number } = {},
  options: TransitionOptions = {},
): Promise<{ version: number; scenario: ScenarioDetail }> {
  return publishDocument(sql, runtime, id, actor, options, (row) => {
    if (input.draftRevision !== undefined && input.draftRevision !== row.draft_revision) {
      throw new ScenarioError(
        'conflict',
        'revision_conflict',
        {
          ru: `Черновик изменился (ревизия ${row.draft_revision}, вы смотрите ${input.draftRevision}). Обновите страницу и проверьте изменения перед публикацией.`,
          en: `The draft changed (revision ${row.draft_revision}, you are looking at ${input.draftRevision}). Reload and review before publishing.`,
        },
        { currentRevision: row.draft_revision },
      );
    }
    return { document: row.draft, action: 'scenario.publish', details: { draftRevision: row.draft_revision }, publishedRevision: row.draft_revision };
  });
}

/** What a publish freezes: the document, its audit entry, and the draft it came from (null: not the draft). */
interface PublishSource {
  document: ScenarioDocument;
  action: string;
  details: Record<string, unknown>;
  /** The draft revision this version equals, or null when the version is derived from another one (the draft stays unpublished). */
  publishedRevision: number | null;
  /** Also written in the same transaction (e.g. the decision behind a derived version). */
  alongside?: (tx: Sql, version: number) => Promise<void>;
}

/**
 * Publishes the next version from a document `source` picks (the draft, or one derived from the current version,
 * e.g. an A/B winner rolled out): the same claim, validation, runtime call and single transaction as every publish.
 */
export async function publishDocument(
  sql: Sql,
  runtime: ScenarioRuntime,
  id: string,
  actor: Actor,
  options: TransitionOptions,
  source: (row: ClaimedRow, current: ScenarioDocument | null) => PublishSource | Promise<PublishSource>,
): Promise<{ version: number; scenario: ScenarioDetail }> {
  const version = await transition(sql, runtime, id, options, async (row) => {
    if (row.status === 'archived') throw archivedError();
    const current = row.current_version === null ? null : (await sql<{ document: ScenarioDocument }[]>`SELECT document FROM scenario_versions WHERE scenario_id = ${id} AND version = ${row.current_version}`)[0].document;
    const chosen = await source(row, current);
    const { document, problems } = validateScenario(chosen.document, { webhookEndpoints: await endpointNames(sql) });
    if (!document || hasErrors(problems)) {
      const errors = problems.filter((p) => p.severity === 'error').length;
      throw new ScenarioError(
        'invalid',
        'scenario_not_publishable',
        {
          ru: `Сценарий нельзя опубликовать: ошибок — ${errors}. Исправьте их (список — в problems).`,
          en: `The scenario cannot be published: ${errors} error(s); see problems.`,
        },
        { problems },
      );
    }
    const [{ next }] = await sql<{ next: number }[]>`
      SELECT coalesce(max(version), 0) + 1 AS next FROM scenario_versions WHERE scenario_id = ${id}`;
    const plan = compileScenario(document, { scenarioId: id, version: next });
    return {
      what: { ru: `опубликовать версию ${next}`, en: `publish version ${next}` },
      runtimeStep: () => runtime.published(id, next, plan),
      write: async (tx) => {
        await tx`
          INSERT INTO scenario_versions (scenario_id, version, document, plan, published_by)
          VALUES (${id}, ${next}, ${tx.json(document as never)}, ${tx.json(plan as never)}, ${actor.userId})`;
        await tx`
          UPDATE scenarios
             SET status = 'active', current_version = ${next}, updated_at = now(),
                 published_revision = ${chosen.publishedRevision === null ? tx`published_revision` : chosen.publishedRevision}
           WHERE id = ${id}`;
        await audit(tx, {
          ...actor,
          action: chosen.action,
          entity: `scenario:${id}`,
          details: { version: next, previousStatus: row.status, name: document.name, ...chosen.details },
        });
        await chosen.alongside?.(tx, next);
        return next;
      },
    };
  });
  return { version, scenario: await getScenario(sql, id) };
}

type StatusChange = 'pause' | 'resume' | 'archive';

const CHANGE: Record<StatusChange, { to: ScenarioStatus; from: ScenarioStatus[]; what: { ru: string; en: string } }> = {
  pause: { to: 'paused', from: ['active'], what: { ru: 'приостановить сценарий', en: 'pause the scenario' } },
  resume: { to: 'active', from: ['paused'], what: { ru: 'возобновить сценарий', en: 'resume the scenario' } },
  archive: { to: 'archived', from: ['draft', 'active', 'paused'], what: { ru: 'отправить сценарий в архив', en: 'archive the scenario' } },
};

/**
 * pause: active → paused (no new entrants; live runs go on). resume: paused → active. archive: any → archived
 * (no schedule, not editable; live runs finish on their version). Repeating a change already made is a no-op.
 */
export async function changeStatus(
  sql: Sql,
  runtime: ScenarioRuntime,
  id: string,
  change: StatusChange,
  actor: Actor,
  options: TransitionOptions = {},
): Promise<ScenarioDetail> {
  const rule = CHANGE[change];
  await transition(sql, runtime, id, options, async (row) => {
    const noop = { what: rule.what, runtimeStep: null, write: async () => {} };
    if (row.status === rule.to) return noop;
    if (row.status === 'archived') throw archivedError();
    if (!rule.from.includes(row.status)) throw notPublished();
    const runtimeStep =
      change === 'pause'
        ? () => runtime.paused(id)
        : change === 'resume'
          ? () => runtime.resumed(id)
          : row.current_version === null
            ? null // a draft never reached the runtime
            : () => runtime.archived(id);
    return {
      what: rule.what,
      runtimeStep,
      write: async (tx: Sql) => {
        await tx`UPDATE scenarios SET status = ${rule.to}, updated_at = now() WHERE id = ${id}`;
        await audit(tx, {
          ...actor,
          action: `scenario.${change}`,
          entity: `scenario:${id}`,
          details: { from: row.status, to: rule.to, version: row.current_version, name: row.name },
        });
      },
    };
  });
  return getScenario(sql, id);
}
