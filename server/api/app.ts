import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { OpenAPIHono } from '@hono/zod-openapi';
import { secureHeaders } from 'hono/secure-headers';
import { serveEditor } from '../static';
import type { AppDeps } from './deps';
import { handleError, notFound, validationFailed } from './errors';
import type { App, AppEnv } from './route';

/** A module under server/api/routes/: registers its routes (each declared with `defineRoute`). */
export interface RouteModule {
  register(app: App, deps: AppDeps): void | Promise<void>;
}

const ROUTES_DIR = fileURLToPath(new URL('./routes/', import.meta.url));

/**
 * Builds the HTTP app: every `server/api/routes/*.ts` module (in file-name order), the OpenAPI document, and the
 * built editor for every other path. Adding an area of the API is adding a file; nothing here changes.
 */
export async function createApp(deps: AppDeps): Promise<App> {
  const app: App = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationFailed(result.error, result.target);
    },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'comeback_session',
    description: 'Staff session from POST /api/auth/login; writes also need the X-CSRF-Token header.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'API token created by an admin (POST /api/tokens), e.g. for order and customer ingest.',
  });

  app.onError((error, c) => handleError(error, c, deps.log));
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use('*', secureHeaders({ crossOriginResourcePolicy: 'same-origin', referrerPolicy: 'same-origin' }));
  app.use('/api/*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  });

  for (const module of await routeModules()) await module.register(app, deps);

  app.all('/api/*', (c) => {
    throw notFound({ ru: `Нет такого адреса API: ${c.req.method} ${c.req.path}`, en: `No such API endpoint: ${c.req.method} ${c.req.path}` }, 'no_route');
  });
  serveEditor(app, deps.editorDir);
  app.notFound((c) => handleError(notFound(), c));
  return app;
}

async function routeModules(): Promise<RouteModule[]> {
  const files = (await readdir(ROUTES_DIR)).filter((f) => /^[^.].*\.ts$/.test(f) && !/\.(test|spec)\.ts$/.test(f) && !f.endsWith('.d.ts')).sort();
  const modules: RouteModule[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(ROUTES_DIR + file).href)) as Partial<RouteModule>;
    if (typeof module.register !== 'function') throw new Error(`server/api/routes/${file} must export register(app, deps)`);
    modules.push(module as RouteModule);
  }
  return modules;
}
