// `npm run bench`: runs every test/bench/*.bench.ts in turn, each in its own process, each printing its figures.
// Figures are printed, never asserted: they depend on the machine. `npm run bench -- ingest` runs matching files only.
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filters = process.argv.slice(2);

async function main() {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts')).filter((f) => filters.length === 0 || filters.some((x) => f.includes(x))).sort();
  if (files.length === 0) {
    console.log(`[bench] no benchmark matches ${filters.join(' ')}`);
    return;
  }
  let failed = 0;
  for (const file of files) {
    console.log(`\n[bench] ${file}`);
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', dir + file], { stdio: 'inherit', env: process.env });
      child.on('exit', (c) => resolve(c ?? 1));
    });
    if (code !== 0) {
      failed += 1;
      console.log(`[bench] ${file} failed (exit ${code})`);
    }
  }
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
