import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from '@hono/zod-openapi';
import { defineRoute, type App } from '../route';

/** swagger-ui-dist's files, served from node_modules: the docs page works without internet. */
const SWAGGER_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const DOCS_HTML = `<!doctype html>
<html lang="ru">
<head>
  <meta charset="utf-8">
  <title>Comeback API</title>
  <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
  <link rel="icon" href="/api/docs/assets/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/api/docs/assets/swagger-ui-standalone-preset.js"></script>
  <script src="/api/docs/init.js"></script>
</body>
</html>
`;

// Separate file rather than an inline script, so a strict Content-Security-Policy can stay strict.
const INIT_JS = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  withCredentials: true,
  persistAuthorization: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
  requestInterceptor: (request) => {
    const csrf = sessionStorage.getItem('comeback.csrf');
    if (csrf) request.headers['X-CSRF-Token'] = csrf;
    return request;
  },
  responseInterceptor: (response) => {
    if (response.body && typeof response.body.csrfToken === 'string') sessionStorage.setItem('comeback.csrf', response.body.csrfToken);
    return response;
  },
});
`;

const openapiJson = defineRoute({
  method: 'get',
  path: '/api/openapi.json',
  tags: ['Docs'],
  summary: 'This API as an OpenAPI 3.1 document',
  access: 'public',
  hide: true,
  responses: { 200: { description: 'OpenAPI document', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } } },
});

const docsPage = defineRoute({
  method: 'get',
  path: '/api/docs',
  tags: ['Docs'],
  summary: 'Browsable API documentation (Swagger UI)',
  access: 'public',
  hide: true,
  responses: { 200: { description: 'HTML page', content: { 'text/html': { schema: z.string() } } } },
});

const docsInit = defineRoute({
  method: 'get',
  path: '/api/docs/init.js',
  tags: ['Docs'],
  summary: 'Swagger UI start-up script',
  access: 'public',
  hide: true,
  responses: { 200: { description: 'JavaScript', content: { 'text/javascript': { schema: z.string() } } } },
});

const docsAsset = defineRoute({
  method: 'get',
  path: '/api/docs/assets/{file}',
  tags: ['Docs'],
  summary: 'Swagger UI files',
  access: 'public',
  hide: true,
  request: { params: z.object({ file: z.enum(Object.keys(ASSETS) as [string, ...string[]]) }) },
  responses: { 200: { description: 'A Swagger UI file' } },
});

export function register(app: App) {
  app.openapi(openapiJson, (c) => {
    const document = app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Comeback API',
        version: '1',
        description:
          'Сценарии возврата клиентов: загрузка клиентов и заказов, сценарии, запуски, A/B-тесты.\n\n' +
          'Scenarios that win back sleeping customers. Staff sign in with `POST /api/auth/login` (session cookie; ' +
          'writes also send the `X-CSRF-Token` header from the login answer). Integrations use an API token: ' +
          '`Authorization: Bearer <token>`. Errors are `{ "error": { "code", "message", "issues"? } }`.',
      },
      servers: [{ url: new URL(c.req.url).origin }],
    });
    return c.json(document as unknown as Record<string, unknown>, 200);
  });

  app.openapi(docsPage, (c) => c.html(DOCS_HTML, 200));

  app.openapi(docsInit, (c) => c.body(INIT_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));

  app.openapi(docsAsset, async (c) => {
    const { file } = c.req.valid('param');
    const content = await readFile(join(SWAGGER_DIR, file));
    return c.body(content, 200, { 'Content-Type': ASSETS[file], 'Cache-Control': 'public, max-age=86400' });
  });
}
