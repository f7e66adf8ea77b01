import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Problem } from '../../../shared/scenario/validate';
import { lineLogger } from '../../infra/log';
import { ScenarioError } from '../../scenarios/errors';
import { exportDisposition } from '../../scenarios/fileName';
import { changeStatus, publishScenario } from '../../scenarios/lifecycle';
import type { ScenarioRuntime } from '../../scenarios/runtime';
import {
  createScenario,
  duplicateScenario,
  getScenario,
  getVersion,
  listScenarios,
  listVersions,
  saveDraft,
} from '../../scenarios/store';
import { templateWork } from '../../templates/apiErrors';
import { templatePool } from '../../templates/pool';
import {
  PublishRequest,
  PublishResult,
  SaveDraftRequest,
  Scenario,
  ScenarioDocumentJson,
  ScenarioErrorDetails,
  ScenarioList,
  ScenarioStatus,
  ScenarioVersion,
  ScenarioVersionList,
  ValidateResult,
} from '../../../shared/api/scenarios';
import { ApiError, ErrorBody, preferredLanguage, type Issue } from '../errors';
import { actorOf, currentUser, defineRoute, type App, type AppEnv } from '../route';
import { endpointNames } from '../../webhooks/endpoints';

const WRITE = { roles: ['marketer'] } as const;
const READ = { roles: ['marketer', 'analyst'] } as const;
/** Support sees which scenarios exist and their versions, to explain a customer's run. */
const READ_WITH_SUPPORT = { roles: ['marketer', 'analyst', 'support'] } as const;
const TAGS = ['Scenarios'];

const ScenarioErrorBody = z
  .object({
    error: ErrorBody.shape.error.extend(ScenarioErrorDetails.shape),
  })
  .meta({ id: 'ScenarioError' });

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });
const errors = {
  400: json(ScenarioErrorBody, 'Invalid document (every problem listed)'),
  404: json(ScenarioErrorBody, 'No such scenario'),
  409: json(ScenarioErrorBody, 'Edited meanwhile, archived, or busy'),
};
const runtimeErrors = { ...errors, 503: json(ScenarioErrorBody, 'The runtime (Temporal) could not apply the change; nothing changed') };

const IdParam = z.object({ id: z.string().meta({ param: { name: 'id', in: 'path' }, example: '2b1c6f7e-3f0a-4c55-9a53-8f1e0e9b6a10' }) });
const VersionParam = IdParam.extend({ version: z.coerce.number().int().positive() });

const list = defineRoute({
  method: 'get',
  path: '/api/scenarios',
  tags: TAGS,
  summary: 'Scenarios with status, current version and run counts (archived only with status=archived)',
  access: READ_WITH_SUPPORT,
  request: { query: z.object({ status: ScenarioStatus.optional() }) },
  responses: { 200: json(ScenarioList, 'Scenarios') },
});

const create = defineRoute({
  method: 'post',
  path: '/api/scenarios',
  tags: TAGS,
  summary: 'Create a scenario from a document (a draft; unfinished drafts are kept, corrupt documents refused)',
  access: WRITE,
  request: { body: { content: { 'application/json': { schema: ScenarioDocumentJson } } } },
  responses: { 201: json(Scenario, 'Created draft'), ...errors },
});

const importRoute = defineRoute({
  method: 'post',
  path: '/api/scenarios/import',
  tags: TAGS,
  summary: 'Import a scenario/v1 file (as exported) as a new draft',
  access: WRITE,
  request: { body: { content: { 'application/json': { schema: ScenarioDocumentJson } } } },
  responses: { 201: json(Scenario, 'Imported draft'), ...errors },
});

const validate = defineRoute({
  method: 'post',
  path: '/api/scenarios/validate',
  tags: TAGS,
  summary: 'Every problem of a document (errors block publishing, warnings do not); stores nothing',
  access: READ,
  request: { body: { content: { 'application/json': { schema: ScenarioDocumentJson } } } },
  responses: {
    200: json(ValidateResult, 'Problems'),
    400: json(ErrorBody, 'Nested too deeply to check'),
    422: json(ErrorBody, 'The texts took too long to check and were stopped'),
    503: json(ErrorBody, 'Busy checking other texts; try again in a few seconds'),
  },
});

const get = defineRoute({
  method: 'get',
  path: '/api/scenarios/{id}',
  tags: TAGS,
  summary: 'The draft document, status, revision and problems',
  access: READ,
  request: { params: IdParam },
  responses: { 200: json(Scenario, 'Scenario'), 404: errors[404] },
});

const save = defineRoute({
  method: 'put',
  path: '/api/scenarios/{id}',
  tags: TAGS,
  summary: 'Save the draft; 409 with currentRevision when someone saved since baseRevision',
  access: WRITE,
  request: {
    params: IdParam,
    body: {
      content: {
        'application/json': {
          schema: SaveDraftRequest,
        },
      },
    },
  },
  responses: { 200: json(Scenario, 'Saved'), ...errors },
});

const publish = defineRoute({
  method: 'post',
  path: '/api/scenarios/{id}/publish',
  tags: TAGS,
  summary: 'Freeze the draft as a new version and make it live (400 with every problem when it has errors)',
  access: WRITE,
  request: {
    params: IdParam,
    body: {
      required: false,
      content: {
        'application/json': {
          schema: PublishRequest,
        },
      },
    },
  },
  responses: { 200: json(PublishResult, 'Published'), ...runtimeErrors },
});

const statusRoute = (change: 'pause' | 'resume' | 'archive', summary: string) =>
  defineRoute({
    method: 'post',
    path: `/api/scenarios/{id}/${change}`,
    tags: TAGS,
    summary,
    access: WRITE,
    request: { params: IdParam },
    responses: { 200: json(Scenario, 'Done (or already so)'), ...runtimeErrors },
  });
const pause = statusRoute('pause', 'Stop new entrants; customers already in the scenario go on');
const resume = statusRoute('resume', 'Take new entrants again');
const archive = statusRoute('archive', 'Retire the scenario: no new entrants, no more edits; live runs finish');

const duplicate = defineRoute({
  method: 'post',
  path: '/api/scenarios/{id}/duplicate',
  tags: TAGS,
  summary: 'A new draft with a copy of this draft',
  access: WRITE,
  request: { params: IdParam },
  responses: { 201: json(Scenario, 'The copy'), 404: errors[404] },
});

const versions = defineRoute({
  method: 'get',
  path: '/api/scenarios/{id}/versions',
  tags: TAGS,
  summary: 'Published versions: who published what and when, newest first',
  access: READ_WITH_SUPPORT,
  request: { params: IdParam },
  responses: { 200: json(ScenarioVersionList, 'Versions'), 404: errors[404] },
});

const version = defineRoute({
  method: 'get',
  path: '/api/scenarios/{id}/versions/{version}',
  tags: TAGS,
  summary: 'One published version: its document and compiled plan',
  access: READ_WITH_SUPPORT,
  request: { params: VersionParam },
  responses: { 200: json(ScenarioVersion, 'Version'), 404: errors[404] },
});

const exportRoute = defineRoute({
  method: 'get',
  path: '/api/scenarios/{id}/export',
  tags: TAGS,
  summary: 'Download the draft (or ?version=N) as a scenario/v1 JSON file',
  access: READ,
  request: { params: IdParam, query: z.object({ version: z.coerce.number().int().positive().optional() }) },
  responses: { 200: json(ScenarioDocumentJson, 'The document, as an attachment'), 404: errors[404] },
});

const STATUS_OF: Record<ScenarioError['kind'], ContentfulStatusCode> = { invalid: 400, not_found: 404, conflict: 409, runtime: 503 };

/** Problems as `issues` (field paths for integrators); the full problems ride along for the editor. */
function issuesOf(problems: Problem[], lang: 'ru' | 'en'): Issue[] {
  return problems
    .filter((p) => p.severity === 'error')
    .map((p) => ({ path: p.path ?? (p.nodeId ? `nodes.${p.nodeId}` : ''), code: p.code, message: p.message[lang] }));
}

async function answer<T>(c: Context<AppEnv>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    const lang = preferredLanguage(c);
    const body: z.infer<typeof ScenarioErrorBody> = { error: { code: error.code, message: error.text[lang] } };
    if (error.extra.problems) {
      body.error.issues = issuesOf(error.extra.problems, lang);
      body.error.problems = error.extra.problems;
    }
    if (error.extra.currentRevision !== undefined) body.error.currentRevision = error.extra.currentRevision;
    return c.json(body, STATUS_OF[error.kind]) as never;
  }
}

function runtimeOf(c: Context<AppEnv>): ScenarioRuntime {
  const runtime = c.var.deps.runtime;
  if (!runtime) {
    throw new ApiError(503, 'runtime_unavailable', {
      ru: 'Планировщик сценариев (Temporal) не подключён: публикация и смена статуса сейчас недоступны',
      en: 'The scenario runtime (Temporal) is not connected; publishing and status changes are unavailable',
    });
  }
  return runtime;
}

export function register(app: App) {
  app.openapi(list, async (c) => c.json({ scenarios: await listScenarios(c.var.deps.sql, { status: c.req.valid('query').status }) }, 200));

  app.openapi(create, (c) =>
    answer(c, async () => c.json(await createScenario(c.var.deps.sql, c.req.valid('json'), { ...actorOf(c), userId: currentUser(c).id }), 201)),
  );

  app.openapi(importRoute, (c) =>
    answer(c, async () =>
      c.json(await createScenario(c.var.deps.sql, c.req.valid('json'), { ...actorOf(c), userId: currentUser(c).id }, { action: 'scenario.import' }), 201),
    ),
  );

  app.openapi(validate, async (c) => {
    // Validation renders every text for the worst-case customer: in the template pool, off the event loop.
    const { problems } = await templateWork(templatePool().validate(c.req.valid('json'), { webhookEndpoints: await endpointNames(c.var.deps.sql) }));
    return c.json({ problems, publishable: !problems.some((p) => p.severity === 'error') }, 200);
  });

  app.openapi(get, (c) => answer(c, async () => c.json(await getScenario(c.var.deps.sql, c.req.valid('param').id), 200)));

  app.openapi(save, (c) =>
    answer(c, async () => {
      const { document, baseRevision } = c.req.valid('json');
      return c.json(await saveDraft(c.var.deps.sql, c.req.valid('param').id, { document, baseRevision }, { ...actorOf(c), userId: currentUser(c).id }), 200);
    }),
  );

  app.openapi(publish, (c) =>
    answer(c, async () => {
      const draftRevision = c.req.valid('json')?.draftRevision;
      const result = await publishScenario(c.var.deps.sql, runtimeOf(c), c.req.valid('param').id, { ...actorOf(c), userId: currentUser(c).id }, { draftRevision }, {
        log: lineLogger(c.var.log, 'error'),
      });
      return c.json(result, 200);
    }),
  );

  for (const [route, change] of [
    [pause, 'pause'],
    [resume, 'resume'],
    [archive, 'archive'],
  ] as const) {
    app.openapi(route, (c) =>
      answer(c, async () => {
        const actor = { ...actorOf(c), userId: currentUser(c).id };
        return c.json(await changeStatus(c.var.deps.sql, runtimeOf(c), c.req.valid('param').id, change, actor, { log: lineLogger(c.var.log, 'error') }), 200);
      }),
    );
  }

  app.openapi(duplicate, (c) =>
    answer(c, async () => c.json(await duplicateScenario(c.var.deps.sql, c.req.valid('param').id, { ...actorOf(c), userId: currentUser(c).id }), 201)),
  );

  app.openapi(versions, (c) => answer(c, async () => c.json({ versions: await listVersions(c.var.deps.sql, c.req.valid('param').id) }, 200)));

  app.openapi(version, (c) =>
    answer(c, async () => {
      const { id, version: number } = c.req.valid('param');
      return c.json(await getVersion(c.var.deps.sql, id, number), 200);
    }),
  );

  app.openapi(exportRoute, (c) =>
    answer(c, async () => {
      const { id } = c.req.valid('param');
      const { version: number } = c.req.valid('query');
      const { sql } = c.var.deps;
      const document = number ? (await getVersion(sql, id, number)).document : (await getScenario(sql, id)).document;
      c.header('Content-Disposition', exportDisposition(document.name, number));
      return c.json(document, 200);
    }),
  );
}
