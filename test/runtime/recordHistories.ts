// Records replay fixtures from the runtime tests into the current release's folder, keeping every earlier one:
//   npx tsx test/runtime/recordHistories.ts                              all of SOURCES
//   npx tsx test/runtime/recordHistories.ts test/runtime/histories.test.ts   only these test files
//
// Layout: test/fixtures/histories/<release>/<name>.json, where <release> is package.json's "version" at the time of
// recording (e.g. 0.1.0) and <name> is the name a test gives the run (`recordHistories` of the harness's run(), or
// recordHistory()). A release folder is what customers who entered under that release have in their histories, and
// they may sit in a run for weeks after the next deploy: replay.test.ts replays every folder through today's workflow
// code. So this script never deletes or overwrites a history. It runs the tests with RECORD_HISTORIES=1 into a
// fresh temporary folder, then copies the new files into the release folder, and refuses (moving nothing, exit 1)
// when the tests fail or when a recorded name already exists there.
//
// Recording a new release (a deliberate, versioned change of workflow behaviour):
//   1. Make the change so that runs already under way keep their old path: guard it with patched('<change-id>')
//      from @temporalio/workflow, and keep replay.test.ts green against every existing release folder.
//   2. Bump "version" in package.json: the new histories go into a new folder next to the old ones.
//   3. Run this script with no arguments, add the new folder with its count to EXPECTED_HISTORIES in
//      replay.test.ts, and commit the folder together with the change.
//   4. Remove a release folder (and later the patched() branch, via deprecatePatch) only once no run started under
//      that release can still be alive.
// To add histories of new runs to the current release, pass only the test files that record them.
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { currentRelease, releaseDir } from './histories';

const SOURCES = ['test/runtime/mindbox.test.ts', 'test/runtime/seeds.test.ts', 'test/runtime/rules.test.ts', 'test/runtime/histories.test.ts'];

function refuse(message: string): never {
  console.error(`recordHistories: ${message}`);
  process.exit(1);
}

const sources = process.argv.length > 2 ? process.argv.slice(2) : SOURCES;
const release = await currentRelease();
const target = releaseDir(release);
const shown = relative(process.cwd(), target);
const scratch = await mkdtemp(join(tmpdir(), `comeback-histories-${release}-`));

console.log(`Recording histories of release ${release} from ${sources.join(', ')} into ${scratch}`);
const code = await new Promise<number>((resolve) => {
  const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...sources], {
    stdio: 'inherit',
    env: { ...process.env, RECORD_HISTORIES: '1', RECORD_HISTORIES_DIR: scratch },
  });
  child.on('exit', (exitCode) => resolve(exitCode ?? 1));
});
if (code !== 0) refuse(`the tests failed (exit ${code}); nothing was added to ${shown}.`);

const recorded = (await readdir(scratch)).filter((f) => f.endsWith('.json')).sort();
if (recorded.length === 0) refuse(`the tests recorded no history (do they pass recordHistories?); nothing was added to ${shown}.`);

await mkdir(target, { recursive: true });
const kept = new Set(await readdir(target));
const clashes = recorded.filter((f) => kept.has(f));
if (clashes.length > 0) {
  refuse(
    `${shown} already has ${clashes.join(', ')}. A kept history is never overwritten: give the new run another name, ` +
      `or bump package.json's version to record a new release. Nothing was added; this recording is in ${scratch}.`,
  );
}
// COPYFILE_EXCL: even a file that appeared since the check above is not overwritten.
for (const file of recorded) await copyFile(join(scratch, file), join(target, file), constants.COPYFILE_EXCL);
console.log(`Added ${recorded.length} histories to ${shown}: ${recorded.map((f) => f.replace(/\.json$/, '')).join(', ')}`);
