// `npm test`: provisions what the tests need, runs the Vitest suites and the Playwright browser tests, and prints
// one closing line `N passed, N failed` summed from both runners' JSON reports.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { provisionTemporalCli } from '../server/infra/temporalCli';
import { provisionTemporalTestServer } from '../server/infra/temporalTestServer';
import { runCommand } from '../server/infra/run';

const root = process.cwd();
const reports = join(root, 'test-results');
const say = (line: string) => console.log(`[comeback] ${line}`);

async function aptInstall(pkg: string, why: string) {
  if (process.getuid?.() !== 0) throw new Error(`${why}: install Debian package \`${pkg}\` (needs root)`);
  say(`${why}: installing Debian package ${pkg}…`);
  await runCommand('apt-get', ['update', '-qq']).catch(() => {});
  await runCommand('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

async function provision() {
  const hasPostgres = existsSync('/usr/lib/postgresql') || !!process.env.PG_BIN_DIR;
  if (!hasPostgres) await aptInstall('postgresql', 'PostgreSQL server binaries missing');
  if (!existsSync('/usr/bin/chromium') && !process.env.CHROMIUM_PATH) await aptInstall('chromium', 'Chromium missing for browser tests');
  const cli = await provisionTemporalCli(say);
  if (cli) process.env.TEMPORAL_CLI = cli;
  const testServer = await provisionTemporalTestServer(say);
  if (testServer) process.env.TEMPORAL_TEST_SERVER = testServer;
}

function runTool(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: process.env });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

async function vitestCounts(file: string): Promise<Counts> {
  const r = JSON.parse(await readFile(file, 'utf8'));
  return { passed: r.numPassedTests, failed: r.numFailedTests + (r.numRuntimeErrors ?? 0), skipped: r.numPendingTests + r.numTodoTests };
}

async function playwrightCounts(file: string): Promise<Counts> {
  const r = JSON.parse(await readFile(file, 'utf8'));
  const s = r.stats ?? {};
  return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: (s.unexpected ?? 0) + (r.errors?.length ?? 0), skipped: s.skipped ?? 0 };
}

async function main() {
  const only = process.argv.slice(2);
  await provision();
  await rm(reports, { recursive: true, force: true });
  await mkdir(reports, { recursive: true });
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  const add = (c: Counts) => {
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
  };

  const vitestReport = join(reports, 'vitest.json');
  say('Running unit and integration tests (Vitest)…');
  const vitestCode = await runTool(['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`, ...only]);
  if (existsSync(vitestReport)) add(await vitestCounts(vitestReport));
  else if (vitestCode !== 0) total.failed += 1;

  if (existsSync(join(root, 'playwright.config.ts')) && only.length === 0) {
    const pwReport = join(reports, 'playwright.json');
    say('Running browser tests (Playwright, Chromium)…');
    process.env.PLAYWRIGHT_JSON_OUTPUT_NAME = pwReport;
    const pwCode = await runTool(['node_modules/@playwright/test/cli.js', 'test', '--reporter=list,json']);
    if (existsSync(pwReport)) add(await playwrightCounts(pwReport));
    else if (pwCode !== 0) total.failed += 1;
  }

  console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exit(total.failed > 0 || total.passed === 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
