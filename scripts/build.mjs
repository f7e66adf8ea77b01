#!/usr/bin/env node
// `npm run build`: compiles the product into dist/ —
//   dist/editor/     the editor (Vite: React, bundled and minified),
//   dist/server/     the server, the worker and the CLI (esbuild: one ESM bundle per entry, shared chunks, source
//                    maps; npm packages stay in node_modules),
//   dist/workflows/  the workflow bundle the Temporal worker loads (webpack, through the Temporal SDK) and its stamp,
//                    written by the compiled `workflow-bundle` entry (server/worker/writeBundle.ts).
// `npm start` runs dist/server/main.js. scripts/bootstrap.mjs calls buildProduct() before every command; it does
// nothing when no input changed since the last build (a hash of them in dist/.build-stamp).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const stampFile = join(dist, '.build-stamp');

/** What the build reads: a change in any of these makes the next `npm start` rebuild. */
const INPUTS = ['editor', 'server', 'shared', 'workflows', 'vite.config.ts', 'package-lock.json', 'scripts/build.mjs'];

/** The compiled entry points, by output name. */
const SERVER_ENTRIES = {
  main: 'server/main.ts',
  worker: 'server/worker/main.ts',
  'demo-data': 'server/demo/cli.ts',
  'template-thread': 'server/templates/thread.ts',
  'workflow-bundle': 'server/worker/writeBundle.ts',
};

function sourcesHash() {
  const hash = createHash('sha256');
  const walk = (path) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) if (name !== 'node_modules' && !name.startsWith('.')) walk(join(path, name));
    } else if (!/\.(test|spec)\.tsx?$/.test(path)) {
      hash.update(path.slice(root.length));
      hash.update(readFileSync(path));
    }
  };
  for (const input of INPUTS) walk(join(root, input));
  return hash.digest('hex');
}

function step(what, run) {
  const started = Date.now();
  process.stdout.write(`[comeback] build: ${what}…`);
  run();
  console.log(` ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function node(args, what) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal})`);
}

async function compileServer() {
  const { build } = await import('esbuild');
  await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(SERVER_ENTRIES).map(([out, source]) => [out, join(root, source)])),
    outdir: join(dist, 'server'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  });
}

/** Builds dist/ from the sources; returns false when it was already current and `force` is not set. */
export async function buildProduct({ force = false } = {}) {
  const want = sourcesHash();
  if (!force && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === want) return false;
  const started = Date.now();
  console.log('[comeback] Building dist/ (no build yet, or a source changed since the last one)…');
  rmSync(stampFile, { force: true });
  mkdirSync(dist, { recursive: true });
  step('editor (dist/editor)', () => node([join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], 'vite build'));
  rmSync(join(dist, 'server'), { recursive: true, force: true });
  process.stdout.write('[comeback] build: server (dist/server)…');
  const serverStarted = Date.now();
  await compileServer();
  console.log(` ${((Date.now() - serverStarted) / 1000).toFixed(1)} s`);
  // The compiled writer prints its own line: where, how big, how long.
  node(['--enable-source-maps', join(dist, 'server', 'workflow-bundle.js')], 'the workflow bundle (dist/workflows)');
  writeFileSync(stampFile, want);
  console.log(`[comeback] Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return true;
}
