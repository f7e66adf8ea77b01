// Re-records the replay fixtures in test/fixtures/histories from the runtime tests:
//   npx tsx test/runtime/recordHistories.ts
// Do this only for a deliberate, versioned change of workflow behaviour; the old fixtures are what running customers
// have in their histories, so keep a copy of them as long as such runs may exist.
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { HISTORIES_DIR } from './histories';

const SOURCES = ['test/runtime/mindbox.test.ts', 'test/runtime/seeds.test.ts', 'test/runtime/rules.test.ts'];

await rm(HISTORIES_DIR, { recursive: true, force: true });
const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...SOURCES], {
  stdio: 'inherit',
  env: { ...process.env, RECORD_HISTORIES: '1' },
});
child.on('exit', (code) => process.exit(code ?? 1));
