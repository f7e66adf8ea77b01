import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { changeStatus, publishScenario } from '../../server/scenarios/lifecycle';
import { createScenario, getScenario, listScenarios, listVersions, saveDraft } from '../../server/scenarios/store';
import { ScenarioError } from '../../server/scenarios/errors';
import { startTestDatabase, type TestDatabase } from '../support/postgres';
import { corrupt, reactivation, unfinished } from './documents';
import { RecordingRuntime } from './recordingRuntime';

const actor = { userId: null };

describe('scenario storage and lifecycle', () => {
  let db: TestDatabase;
  let runtime: RecordingRuntime;
  beforeAll(async () => {
    db = await startTestDatabase();
  });
  afterAll(() => db?.stop());
  beforeEach(() => {
    runtime = new RecordingRuntime();
  });

  const count = async (table: string) => (await db.sql.unsafe(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
  const auditActions = async (id: string) =>
    (await db.sql<{ action: string }[]>`SELECT action FROM audit_log WHERE entity = ${`scenario:${id}`} ORDER BY id`).map((r) => r.action);

  it('keeps an unfinished draft with its problems, and refuses to publish it', async () => {
    const draft = await createScenario(db.sql, unfinished(), actor);
    expect(draft).toMatchObject({ status: 'draft', draftRevision: 1, currentVersion: null, publishable: false });
    expect(draft.problems.map((p) => p.code)).toContain('node.unreachable');

    const refused = await publishScenario(db.sql, runtime, draft.id, actor).catch((e) => e);
    expect(refused).toBeInstanceOf(ScenarioError);
    expect(refused).toMatchObject({ kind: 'invalid', code: 'scenario_not_publishable' });
    expect(refused.extra.problems.find((p: { code: string }) => p.code === 'node.unreachable')).toMatchObject({ nodeId: 'hello' });
    expect(runtime.calls).toEqual([]);
    expect(await getScenario(db.sql, draft.id)).toMatchObject({ status: 'draft', currentVersion: null });
  });

  it('keeps a node dropped on the canvas with its text not written yet, but not an impossible value', async () => {
    const doc = unfinished();
    doc.nodes[1].config.text = '';
    const draft = await createScenario(db.sql, doc, actor);
    expect(draft.problems).toContainEqual(expect.objectContaining({ code: 'node.config', nodeId: 'hello', path: 'nodes[1].config.text' }));
    expect(draft.document.nodes[1]).toMatchObject({ config: { text: '' } });

    const impossible = unfinished();
    (impossible.nodes[1].config as { channel: string }).channel = 'pigeon';
    await expect(createScenario(db.sql, impossible, actor)).rejects.toMatchObject({ code: 'scenario_invalid' });
  });

  it.each(Object.entries(corrupt))('stores nothing for a corrupt document: %s', async (_name, { document, code }) => {
    const before = await count('scenarios');
    const error = await createScenario(db.sql, document(), actor).catch((e) => e);
    expect(error).toMatchObject({ kind: 'invalid', code: 'scenario_invalid' });
    expect(error.extra.problems.map((p: { code: string }) => p.code)).toContain(code);
    expect(await count('scenarios')).toBe(before);
  });

  it('saves drafts with optimistic concurrency: the second tab gets the current revision', async () => {
    const created = await createScenario(db.sql, reactivation(), actor);
    const first = await saveDraft(db.sql, created.id, { document: reactivation('Вкладка 1'), baseRevision: 1 }, actor);
    expect(first).toMatchObject({ draftRevision: 2, name: 'Вкладка 1' });

    const stale = await saveDraft(db.sql, created.id, { document: reactivation('Вкладка 2'), baseRevision: 1 }, actor).catch((e) => e);
    expect(stale).toMatchObject({ kind: 'conflict', code: 'revision_conflict', extra: { currentRevision: 2 } });
    expect(await getScenario(db.sql, created.id)).toMatchObject({ name: 'Вкладка 1', draftRevision: 2 });

    const broken = await saveDraft(db.sql, created.id, { document: corrupt.cycle.document(), baseRevision: 2 }, actor).catch((e) => e);
    expect(broken).toMatchObject({ kind: 'invalid' });
    expect(await getScenario(db.sql, created.id)).toMatchObject({ draftRevision: 2 });
  });

  it('publishes immutable versions; later edits reach only the next version', async () => {
    const created = await createScenario(db.sql, reactivation(), actor);
    const v1 = await publishScenario(db.sql, runtime, created.id, actor);
    expect(v1.version).toBe(1);
    expect(v1.scenario).toMatchObject({ status: 'active', currentVersion: 1, hasUnpublishedChanges: false });
    expect(runtime.calls).toEqual([{ call: 'published', scenarioId: created.id, version: 1, plan: expect.objectContaining({ scenarioId: created.id, version: 1 }) }]);
    const plan = (runtime.calls[0] as { plan: { trigger: unknown; entry: unknown } }).plan;
    expect(plan.trigger).toEqual({ nodeId: 'start', at: '10:00' });
    expect(plan.entry).toBe('hello');

    await saveDraft(db.sql, created.id, { document: reactivation('Возврат v2'), baseRevision: 1 }, actor);
    expect(await getScenario(db.sql, created.id)).toMatchObject({ hasUnpublishedChanges: true, currentVersion: 1 });
    const v2 = await publishScenario(db.sql, runtime, created.id, actor, { draftRevision: 2 });
    expect(v2.version).toBe(2);

    const versions = await listVersions(db.sql, created.id);
    expect(versions.map((v) => [v.version, v.name, v.current])).toEqual([
      [2, 'Возврат v2', true],
      [1, 'Возврат: полгода без заказов', false],
    ]);
    expect(await auditActions(created.id)).toEqual(['scenario.create', 'scenario.publish', 'scenario.publish']);
  });

  it('refuses to publish a draft other than the one the marketer looked at', async () => {
    const created = await createScenario(db.sql, reactivation(), actor);
    await saveDraft(db.sql, created.id, { document: reactivation('Изменено коллегой'), baseRevision: 1 }, actor);
    const error = await publishScenario(db.sql, runtime, created.id, actor, { draftRevision: 1 }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'conflict', code: 'revision_conflict', extra: { currentRevision: 2 } });
    expect(runtime.calls).toEqual([]);
  });

  it('changes nothing in the database when the runtime fails, and can publish once it works again', async () => {
    const created = await createScenario(db.sql, reactivation(), actor);
    runtime.failNext('published');
    const error = await publishScenario(db.sql, runtime, created.id, actor).catch((e) => e);
    expect(error).toMatchObject({ kind: 'runtime', code: 'runtime_failed' });
    expect(error.text.ru).toContain('Temporal: connection refused');
    expect(await getScenario(db.sql, created.id)).toMatchObject({ status: 'draft', currentVersion: null });
    expect(await listVersions(db.sql, created.id)).toEqual([]);
    expect(await auditActions(created.id)).toEqual(['scenario.create']);

    await expect(publishScenario(db.sql, runtime, created.id, actor)).resolves.toMatchObject({ version: 1 });

    runtime.failNext('paused');
    await expect(changeStatus(db.sql, runtime, created.id, 'pause', actor)).rejects.toMatchObject({ kind: 'runtime' });
    expect(await getScenario(db.sql, created.id)).toMatchObject({ status: 'active' });
  });

  it('puts the runtime back when the database refuses the change after the runtime applied it', async () => {
    const created = await createScenario(db.sql, reactivation(), actor);
    await publishScenario(db.sql, runtime, created.id, actor);
    await saveDraft(db.sql, created.id, { document: reactivation('v2'), baseRevision: 1 }, actor);
    // The database refuses version 2 (as a failing disk or a lost connection would).
    await db.sql.unsafe(`
      CREATE FUNCTION refuse_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'disk full'; END $$;
      CREATE TRIGGER refuse_version BEFORE INSERT ON scenario_versions
        FOR EACH ROW WHEN (NEW.scenario_id = '${created.id}' AND NEW.version = 2) EXECUTE FUNCTION refuse_version();`);
    try {
      runtime.calls = [];
      await expect(publishScenario(db.sql, runtime, created.id, actor, {}, { log: () => {} })).rejects.toThrow(/disk full/);
      expect(runtime.calls.map((c) => [c.call, 'version' in c ? c.version : null])).toEqual([
        ['published', 2],
        ['published', 1],
      ]);
      expect(await getScenario(db.sql, created.id)).toMatchObject({ status: 'active', currentVersion: 1 });
      expect(await auditActions(created.id)).toEqual(['scenario.create', 'scenario.publish']);
    } finally {
      await db.sql.unsafe('DROP TRIGGER refuse_version ON scenario_versions; DROP FUNCTION refuse_version();');
    }
    // The claim was released: the next transition goes through.
    await expect(changeStatus(db.sql, runtime, created.id, 'pause', actor)).resolves.toMatchObject({ status: 'paused' });
  });

  it('lets one transition of a scenario run at a time', async () => {
    const created = await createScenario(db.sql, reactivation(), actor);
    let finish!: () => void;
    const reached = runtime.holdNext('published', new Promise<void>((resolve) => (finish = resolve)));
    const publishing = publishScenario(db.sql, runtime, created.id, actor);
    await reached;
    const busy = await changeStatus(db.sql, runtime, created.id, 'archive', actor).catch((e) => e);
    expect(busy).toMatchObject({ kind: 'conflict', code: 'scenario_busy' });
    finish();
    await expect(publishing).resolves.toMatchObject({ version: 1 });
    await expect(changeStatus(db.sql, runtime, created.id, 'archive', actor)).resolves.toMatchObject({ status: 'archived' });
  });

  it('takes over a claim left by a process that died mid-transition', async () => {
    const created = await createScenario(db.sql, reactivation(), actor);
    await db.sql`UPDATE scenarios SET transition_started_at = now() WHERE id = ${created.id}`;
    await expect(publishScenario(db.sql, runtime, created.id, actor)).rejects.toMatchObject({ code: 'scenario_busy' });
    await db.sql`UPDATE scenarios SET transition_started_at = now() - interval '10 minutes' WHERE id = ${created.id}`;
    await expect(publishScenario(db.sql, runtime, created.id, actor)).resolves.toMatchObject({ version: 1 });
  });

  it('pauses, resumes and archives, telling the runtime once per real change', async () => {
    const created = await createScenario(db.sql, reactivation(), actor);
    await expect(changeStatus(db.sql, runtime, created.id, 'pause', actor)).rejects.toMatchObject({ code: 'scenario_not_published' });
    await publishScenario(db.sql, runtime, created.id, actor);
    await changeStatus(db.sql, runtime, created.id, 'pause', actor);
    await changeStatus(db.sql, runtime, created.id, 'pause', actor);
    await changeStatus(db.sql, runtime, created.id, 'resume', actor);
    const archived = await changeStatus(db.sql, runtime, created.id, 'archive', actor);
    expect(archived.status).toBe('archived');
    expect(runtime.calls.map((c) => c.call)).toEqual(['published', 'paused', 'resumed', 'archived']);
    expect(await auditActions(created.id)).toEqual(['scenario.create', 'scenario.publish', 'scenario.pause', 'scenario.resume', 'scenario.archive']);

    await expect(changeStatus(db.sql, runtime, created.id, 'resume', actor)).rejects.toMatchObject({ code: 'scenario_archived' });
    await expect(publishScenario(db.sql, runtime, created.id, actor)).rejects.toMatchObject({ code: 'scenario_archived' });
    await expect(saveDraft(db.sql, created.id, { document: reactivation(), baseRevision: 1 }, actor)).rejects.toMatchObject({ code: 'scenario_archived' });
  });

  it('archives a never-published draft without involving the runtime', async () => {
    const created = await createScenario(db.sql, unfinished(), actor);
    await expect(changeStatus(db.sql, runtime, created.id, 'archive', actor)).resolves.toMatchObject({ status: 'archived' });
    expect(runtime.calls).toEqual([]);
  });

  it('lists scenarios with customers in flight, conversions and entries of today in the scenario’s time zone', async () => {
    const created = await createScenario(db.sql, reactivation('Счётчики'), actor);
    await publishScenario(db.sql, runtime, created.id, actor);
    await db.sql`
      INSERT INTO customers (id, registered_at)
      SELECT 'lc' || g, now() - interval '1 year' FROM generate_series(1, 5) g ON CONFLICT DO NOTHING`;
    // 2026-03-10 12:00 Moscow is 09:00 UTC; "today" there began at 2026-03-09 21:00 UTC.
    const now = new Date('2026-03-10T09:00:00Z');
    const runs: Array<[string, string, string]> = [
      ['lc1', 'running', '2026-03-10T08:00:00Z'],
      ['lc2', 'running', '2026-03-09T21:30:00Z'],
      ['lc3', 'converted', '2026-03-09T20:30:00Z'],
      ['lc4', 'converted', '2026-03-01T10:00:00Z'],
      ['lc5', 'completed', '2026-03-02T10:00:00Z'],
    ];
    for (const [customer, status, enteredAt] of runs) {
      await db.sql`
        INSERT INTO runs (id, workflow_id, scenario_id, version, customer_id, status, entered_at)
        VALUES (${`run-${created.id}-${customer}`}, ${`wf-${customer}`}, ${created.id}, 1, ${customer}, ${status}, ${enteredAt})`;
    }
    const listed = (await listScenarios(db.sql, {}, now)).find((s) => s.id === created.id);
    expect(listed).toMatchObject({ name: 'Счётчики', status: 'active', currentVersion: 1, priority: 50, exclusivityGroup: null, counts: { inFlight: 2, conversions: 2, enteredToday: 2 } });

    await changeStatus(db.sql, runtime, created.id, 'archive', actor);
    expect((await listScenarios(db.sql, {}, now)).some((s) => s.id === created.id)).toBe(false);
    expect((await listScenarios(db.sql, { status: 'archived' }, now)).some((s) => s.id === created.id)).toBe(true);
  });
});
