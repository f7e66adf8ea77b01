// The workflow bundle and what the workflow code costs in CPU. The bundle is built from workflows/index.ts as the
// worker builds it (its size, and whether zod or another server-only package got into it through a shared/ import);
// the CPU is that of replaying every recorded history in test/fixtures/histories through that bundle, several rounds,
// the median taken: process CPU time (all threads; workflows run in worker threads), so no server and no database
// take part. The bundle carries its source map inline (webpack's `inline-source-map`), so its size is given with and
// without it.
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../server/worker/bundle';
import { loadReleases } from '../runtime/histories';
import { quietTemporalLogs } from '../runtime/harness';
import { figure } from './figures';

const ROUNDS = Number(process.env.BENCH_REPLAY_ROUNDS ?? 5);
/** Each history replayed this many times per round, so a round is long enough to measure. */
const COPIES = Number(process.env.BENCH_REPLAY_COPIES ?? 3);

const silent = { trace() {}, debug() {}, info() {}, warn() {}, error: (m: string) => console.error(m), log() {} };

quietTemporalLogs();
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: silent });
const bundleCpuMs = cpuMs(process.cpuUsage(cpu0));
const bundleWallMs = performance.now() - t0;
const packages = [...new Set([...bundle.code.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].map((m) => m[1]))].sort();
const inlineMap = bundle.code.indexOf('\n//# sourceMappingURL=data:');
const codeBytes = inlineMap >= 0 ? inlineMap : bundle.code.length;
console.log(`[bundle] ${bundle.code.length.toLocaleString('en')} bytes, ${codeBytes.toLocaleString('en')} without the inline source map, built in ${(bundleWallMs / 1000).toFixed(1)} s (${(bundleCpuMs / 1000).toFixed(1)} s CPU)`);
console.log(`[bundle] packages inside: ${packages.join(', ')}`);
console.log(`[bundle] zod inside: ${packages.includes('zod') ? 'yes' : 'no'}`);

const histories = (await loadReleases()).flatMap(({ release, histories }) => histories.map((h) => ({ id: `${release}/${h.name}`, history: h.history })));
const fixtures = () => Array.from({ length: COPIES }, (_, copy) => histories.map((h) => ({ workflowId: `${h.id}#${copy}`, history: h.history }))).flat();

async function replayRound(): Promise<number> {
  const before = process.cpuUsage();
  let failed = 0;
  for await (const result of Worker.runReplayHistories({ workflowBundle: { code: bundle.code } }, fixtures())) if (result.error) failed++;
  if (failed > 0) throw new Error(`${failed} histories failed to replay`);
  return cpuMs(process.cpuUsage(before));
}

await replayRound(); // warm-up: JIT and the first worker thread
const rounds: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  rounds.push(await replayRound());
  console.log(`[replay] round ${i + 1}: ${histories.length * COPIES} replays in ${rounds[i].toFixed(0)} ms CPU`);
}

figure({ name: 'workflow bundle size, without its inline source map', value: codeBytes / 1e6, unit: 'MB', goal: 'no zod inside', met: !packages.includes('zod') });
figure({
  name: `workflow CPU per replayed history (${histories.length} recorded histories × ${COPIES}, median of ${ROUNDS} rounds)`,
  value: median(rounds) / (histories.length * COPIES),
  unit: 'ms',
});

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

