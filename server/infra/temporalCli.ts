import { access, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join } from 'node:path';
import { commandExists, runCommand } from './run';
import { toolCacheDir } from './toolCache';

/** Later tags carry a `replace` directive that `go install` refuses. */
export const TEMPORAL_CLI_VERSION = '1.5.1';

async function executable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds the Temporal CLI, in this order: $TEMPORAL_CLI → `temporal` on PATH → the machine-wide cache → a build
 * from the Go module proxy into that cache. Returns null when none is possible (callers may then let the
 * TypeScript SDK download its dev server, on machines with internet access).
 */
export async function provisionTemporalCli(log: (line: string) => void = console.log): Promise<string | null> {
  const fromEnv = process.env.TEMPORAL_CLI;
  if (fromEnv) {
    if (await executable(fromEnv)) return fromEnv;
    throw new Error(`TEMPORAL_CLI=${fromEnv} is not an executable file`);
  }
  if (await commandExists('temporal')) return 'temporal';

  const dir = toolCacheDir(`temporal-cli-${TEMPORAL_CLI_VERSION}`);
  const cached = join(dir, 'temporal');
  if (await executable(cached)) return cached;

  if (!(await commandExists('go', 'version'))) return null;
  log(`Building the Temporal CLI ${TEMPORAL_CLI_VERSION} from the Go module proxy into ${dir}`);
  log('(first time on this machine only; a cold build takes a few minutes)');
  await mkdir(dir, { recursive: true });
  // Build into a private directory, then rename: concurrent first starts never see a half-written binary.
  const tmp = await mkdtemp(join(dir, 'build-'));
  try {
    const started = Date.now();
    const ticker = setInterval(() => log(`  still building the Temporal CLI… ${Math.round((Date.now() - started) / 1000)} s`), 30_000);
    try {
      await runCommand('go', ['install', `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`], {
        env: { ...process.env, GOBIN: tmp, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' },
      });
    } finally {
      clearInterval(ticker);
    }
    await rename(join(tmp, 'temporal'), cached);
    log(`Temporal CLI ready: ${cached}`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return cached;
}
