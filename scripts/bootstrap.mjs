#!/usr/bin/env node
// Entry point of every npm script: installs the locked dependencies when they changed (`npm ci`), builds dist/ when
// the sources changed (scripts/build.mjs), then runs the command: the product from its compiled build, the tests and
// benchmarks from their TypeScript sources (through tsx, the development tool). Plain Node with no dependencies,
// because it runs before `npm ci`.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => console.log(`[comeback] ${line}`);

/** Commands that run the compiled product (dist/server/<name>.js). */
const COMPILED = { start: 'main', worker: 'worker', 'demo-data': 'demo-data' };
/** Commands that run TypeScript sources through tsx. */
const SOURCES = { bench: 'test/bench/run.ts', test: 'scripts/test.ts' };

function hashFiles(paths) {
  const hash = createHash('sha256');
  const walk = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) if (name !== 'node_modules' && !name.startsWith('.')) walk(join(p, name));
    } else if (!/\.test\.tsx?$/.test(p)) {
      hash.update(p.slice(root.length));
      hash.update(readFileSync(p));
    }
  };
  for (const p of paths) walk(join(root, p));
  return hash.digest('hex');
}

function run(cmd, args, what) {
  say(what);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`[comeback] failed: ${cmd} ${args.join(' ')} (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
}

function ensureDependencies() {
  const stampFile = join(root, 'node_modules', '.comeback-install');
  const want = hashFiles(['package.json', 'package-lock.json']);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === want) return;
  // `npm ci`: exactly the lock file's versions, and the lock file is never rewritten (git status stays clean).
  // `--include=dev` even under NODE_ENV=production: the build tools (Vite, esbuild) are dev dependencies.
  run('npm', ['ci', '--include=dev', '--no-audit', '--no-fund'], 'Installing npm dependencies (first run, or package-lock.json changed)…');
  writeFileSync(stampFile, want);
}

const [command, ...rest] = process.argv.slice(2);
if (command !== 'build' && !COMPILED[command] && !SOURCES[command]) {
  console.error(`usage: bootstrap.mjs ${['build', ...Object.keys(COMPILED), ...Object.keys(SOURCES)].join('|')} [args]`);
  process.exit(2);
}
ensureDependencies();
// Imported only now: the build script needs the installed dependencies.
const { buildProduct } = await import('./build.mjs');
try {
  const built = await buildProduct({ force: command === 'build' && rest.includes('--force') });
  if (command === 'build') {
    if (!built) say('The build in dist/ is up to date (npm run build -- --force to rebuild).');
    process.exit(0);
  }
} catch (error) {
  console.error(`[comeback] build failed: ${error.message}`);
  process.exit(1);
}

const args = COMPILED[command]
  ? ['--enable-source-maps', join(root, 'dist', 'server', `${COMPILED[command]}.js`), ...rest]
  : ['--import', 'tsx', join(root, SOURCES[command]), ...rest];
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
