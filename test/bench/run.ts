// `npm run bench`: runs every test/bench/*.bench.ts in turn, each in its own process, each printing its figures,
// then one table of the headline figures (figures.ts) beside their floors and goals, with each process's peak
// memory. Figures are printed, never asserted: they depend on the machine. `npm run bench -- ingest` runs matching
// files only.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Figure } from './figures';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filters = process.argv.slice(2);

async function main() {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts')).filter((f) => filters.length === 0 || filters.some((x) => f.includes(x))).sort();
  if (files.length === 0) {
    console.log(`[bench] no benchmark matches ${filters.join(' ')}`);
    return;
  }
  let failed = 0;
  const figures: Figure[] = [];
  const started = Date.now();
  for (const file of files) {
    console.log(`\n[bench] ${file}`);
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', dir + file], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (!line.startsWith('[figure] ')) return void console.log(line);
        const f = JSON.parse(line.slice('[figure] '.length)) as Figure;
        figures.push(f);
        console.log(`[figure] ${row(f).join('  ')}`);
      });
      child.on('exit', (c) => resolve(c ?? 1));
    });
    if (code !== 0) {
      failed += 1;
      console.log(`[bench] ${file} failed (exit ${code})`);
    }
  }
  console.log(`\n[bench] ${figures.length} figures in ${Math.round((Date.now() - started) / 60_000)} min on ${describeMachine()}`);
  table(['figure', 'measured', 'floor (the bare operation)', 'ratio', 'goal'], figures.map(row));
  process.exit(failed > 0 ? 1 : 0);
}

const number = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en') : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));

function row(f: Figure): string[] {
  const unit = (x: number) => (f.unit === '×' ? `${number(x)}×` : `${number(x)} ${f.unit}`);
  const ratio = f.floor && f.floor.value > 0 ? `${number(f.value / f.floor.value)}×` : '';
  const goal = f.goal ? `${f.goal}${f.met === false ? '  ← missed' : f.met ? '  ✓' : ''}` : '';
  return [f.name, unit(f.value), f.floor ? `${unit(f.floor.value)} (${f.floor.what})` : '', ratio, goal];
}

function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

function describeMachine(): string {
  return `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
