import { z } from '@hono/zod-openapi';
import type { AppDeps } from '../deps';
import { defineRoute, type App } from '../route';

const CHECK_TIMEOUT_MS = 3000;

const Check = z.object({
  status: z.enum(['ok', 'down', 'external']).meta({ description: '`external`: not run by this process, so not checked here' }),
  latencyMs: z.number().optional(),
  detail: z.string().optional(),
});

const HealthSchema = z
  .object({
    status: z.enum(['ok', 'down']),
    checks: z.object({ database: Check, temporal: Check, worker: Check }),
  })
  .meta({ id: 'Health' });

type CheckResult = z.infer<typeof Check>;

const health = defineRoute({
  method: 'get',
  path: '/api/health',
  tags: ['Health'],
  summary: 'PostgreSQL, Temporal and worker status; 503 when any of them is down',
  access: 'public',
  responses: {
    200: { description: 'Everything works', content: { 'application/json': { schema: HealthSchema } } },
    503: { description: 'Something is down', content: { 'application/json': { schema: HealthSchema } } },
  },
});

async function timed(probe: () => Promise<string | undefined>): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const detail = await Promise.race([
      probe(),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS))),
    ]);
    return { status: 'ok', latencyMs: Math.round(performance.now() - started), ...(detail ? { detail } : {}) };
  } catch (error) {
    return { status: 'down', detail: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

function checkDatabase(deps: AppDeps): Promise<CheckResult> {
  return timed(async () => {
    await deps.sql`SELECT 1`;
    return undefined;
  });
}

function checkTemporal(deps: AppDeps): Promise<CheckResult> {
  const temporal = deps.temporal;
  if (!temporal) return Promise.resolve({ status: 'down', detail: 'not connected' });
  return timed(async () => {
    const info = await temporal.client.connection.workflowService.getSystemInfo({});
    return `server ${info.serverVersion || 'unknown version'}, namespace ${temporal.namespace}`;
  });
}

async function checkWorker(deps: AppDeps): Promise<CheckResult> {
  if (!deps.worker) return { status: 'external', detail: 'no worker in this process (WORKER=false or separate `npm run worker`)' };
  try {
    const { status, detail } = await deps.worker.status();
    return detail ? { status, detail } : { status };
  } catch (error) {
    return { status: 'down', detail: (error as Error).message };
  }
}

export function register(app: App) {
  app.openapi(health, async (c) => {
    const deps = c.var.deps;
    const [database, temporal, worker] = await Promise.all([checkDatabase(deps), checkTemporal(deps), checkWorker(deps)]);
    const checks = { database, temporal, worker };
    const ok = Object.values(checks).every((check) => check.status !== 'down');
    return ok ? c.json({ status: 'ok' as const, checks }, 200) : c.json({ status: 'down' as const, checks }, 503);
  });
}
