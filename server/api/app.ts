import { OpenAPIHono } from '@hono/zod-openapi';
import { secureHeaders } from 'hono/secure-headers';
import { serveEditor } from '../static';
import { log } from '../infra/log';
import type { AppDeps } from './deps';
import { handleError, notFound, validationFailed } from './errors';
import { requestLog } from './requestLog';
import type { App, AppEnv } from './route';
import { ROUTES } from './routes';

/**
 * Builds the HTTP app: the route table (server/api/routes/index.ts) in its order, the OpenAPI document, and the
 * built editor for every other path.
 */
export function createApp(deps: AppDeps): App {
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

  const logger = deps.log ?? log;
  app.onError((error, c) => handleError(error, c, c.get('log') ?? logger));
  app.use('*', requestLog(logger, deps.metrics));
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use('*', secureHeaders({ crossOriginResourcePolicy: 'same-origin', referrerPolicy: 'same-origin' }));
  app.use('/api/*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  });

  for (const [, module] of ROUTES) module.register(app, deps);

  app.all('/api/*', (c) => {
    throw notFound({ ru: `Нет такого адреса API: ${c.req.method} ${c.req.path}`, en: `No such API endpoint: ${c.req.method} ${c.req.path}` }, 'no_route');
  });
  serveEditor(app, deps.editorDir);
  app.notFound((c) => handleError(notFound(), c));
  return app;
}
