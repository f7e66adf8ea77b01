// A benchmark's headline figures, each beside its floor (the bare operation on the same data) and its goal.
// Every figure is printed as one `[figure] {json}` line, which `npm run bench` (run.ts) gathers into the closing
// table; run alone, a benchmark prints the same lines. Importing this module also reports the process's peak
// memory when it exits.
import { basename } from 'node:path';

export interface Figure {
  /** What was measured, e.g. "report at 500,000 runs". */
  name: string;
  value: number;
  unit: 'ms' | 's' | 'MB' | '/s' | 'events' | '×';
  /** The bare operation on the same data, in the same unit, and what it is. */
  floor?: { value: number; what: string };
  /** The goal, as a sentence fragment: "< 300 ms", "ratio ≤ 2×", "ratio ≥ 0.9". */
  goal?: string;
  /** Whether the goal was met (left out when there is none). */
  met?: boolean;
}

export function figure(f: Figure): void {
  console.log(`[figure] ${JSON.stringify(f)}`);
}

const bench = basename(process.argv[1] ?? 'bench').replace(/\.bench\.ts$/, '');
process.once('exit', () => {
  figure({ name: `${bench}: peak memory of the benchmark process`, value: Math.round(process.resourceUsage().maxRSS / 1024), unit: 'MB' });
});
