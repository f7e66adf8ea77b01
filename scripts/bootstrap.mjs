#!/usr/bin/env node
// Entry point of every npm script: installs what is missing (idempotently), then runs the TypeScript entry
// point for the command. Plain Node with no dependencies, because it runs before `npm ci`.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => console.log(`[comeback] ${line}`);

const ENTRY = {
  start: 'server/main.ts',
  worker: 'server/worker/main.ts',
  'demo-data': 'server/demo/cli.ts',
  bench: 'test/bench/run.ts',
  test: 'scripts/test.ts',
};

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
  // `npm install` rather than `npm ci`: it installs the locked versions just the same, and npm 11 refuses `ci` on a
  // lock file that lists only this platform's optional packages (as @swc/core's are here).
  run('npm', ['install', '--no-audit', '--no-fund'], 'Installing npm dependencies (first run or package.json changed)…');
  writeFileSync(stampFile, want);
}

function ensureEditorBuild() {
  const stampFile = join(root, 'dist', '.comeback-build');
  const want = hashFiles(['editor', 'shared', 'vite.config.ts', 'package-lock.json']);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === want) return;
  run(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], 'Building the editor (sources changed since the last build)…');
  writeFileSync(stampFile, want);
}

const [command, ...rest] = process.argv.slice(2);
const entry = ENTRY[command];
if (!entry) {
  console.error(`usage: bootstrap.mjs ${Object.keys(ENTRY).join('|')} [args]`);
  process.exit(2);
}
ensureDependencies();
if (command === 'start' || command === 'test' || command === 'bench') ensureEditorBuild();

const child = spawn(process.execPath, ['--import', 'tsx', join(root, entry), ...rest], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
