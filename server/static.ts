import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { Readable } from 'node:stream';
import { DIST } from './infra/paths';
import type { Hono } from 'hono';

/** `dist/editor/` at the repository root, where `npm run build` puts the editor. */
export const DEFAULT_EDITOR_DIR = DIST.editor;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

async function fileAt(path: string): Promise<{ path: string; size: number } | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? { path, size: info.size } : null;
  } catch {
    return null;
  }
}

function fileResponse(file: { path: string; size: number }, cacheControl: string, method: string): Response {
  const headers = {
    'Content-Type': CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(file.size),
    'Cache-Control': cacheControl,
  };
  if (method === 'HEAD') return new Response(null, { headers });
  return new Response(Readable.toWeb(createReadStream(file.path)) as ReadableStream, { headers });
}

/**
 * Serves the built editor: real files as they are (Vite's hashed `assets/` cached for a year), and `index.html`
 * for every other path so client-side routes survive a reload. Register after the API routes.
 */
export function serveEditor(app: Hono<any>, editorDir = DEFAULT_EDITOR_DIR): void {
  const root = normalize(editorDir.endsWith(sep) ? editorDir : editorDir + sep);
  app.on(['GET', 'HEAD'], '*', async (c) => {
    const requested = c.req.path;
    const candidate = normalize(join(root, requested));
    if (candidate.startsWith(root) && !requested.endsWith('/')) {
      const file = await fileAt(candidate);
      if (file) {
        const immutable = requested.startsWith('/assets/');
        return fileResponse(file, immutable ? 'public, max-age=31536000, immutable' : 'no-cache', c.req.method);
      }
      // A missing asset is a real 404; only page-like paths fall back to the app.
      if (extname(requested)) return c.notFound();
    }
    const index = await fileAt(join(root, 'index.html'));
    if (index) return fileResponse(index, 'no-cache', c.req.method);
    return c.html(
      '<!doctype html><meta charset="utf-8"><title>Comeback</title>' +
        '<p>Редактор ещё не собран: выполните <code>npm start</code> или <code>npm run build</code>.</p>' +
        '<p>The editor is not built yet: run <code>npm start</code> or <code>npm run build</code>.</p>',
      503,
    );
  });
}
