import { join } from 'node:path';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { log } from '../infra/log';
import { ROOT } from '../infra/paths';
import { PREBUILT_BUNDLE_DIR, readPrebuiltBundle, writePrebuiltBundle } from './prebuiltBundle';

export const WORKFLOWS_PATH = join(ROOT, 'workflows', 'index.ts');

let bundle: Promise<WorkflowBundle> | null = null;

/**
 * The workflow code, once per process (every worker and replay reuses it): the prebuilt bundle from `npm run build`
 * when it matches the sources, else bundled here with webpack (seconds). One log line says which.
 */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= loadWorkflowBundle().catch((error) => {
    bundle = null;
    throw error;
  });
  return bundle;
}

/** The prebuilt bundle in `dir` when current, else a fresh one; uncached (workflowBundle() caches). */
export async function loadWorkflowBundle(dir: string = PREBUILT_BUNDLE_DIR): Promise<WorkflowBundle> {
  const prebuilt = await readPrebuiltBundle(dir);
  if ('code' in prebuilt) {
    log.info({ path: prebuilt.codePath, builtAt: prebuilt.stamp.builtAt }, 'workflow bundle: prebuilt, its sources unchanged');
    return { code: prebuilt.code };
  }
  log.info({ reason: prebuilt.stale }, 'workflow bundle: bundling workflows/ in this process');
  return { code: (await bundleWorkflows()).code };
}

/** Bundles the workflows and writes the bundle with its stamp into `dir` (dist/workflows by default). */
export async function writeWorkflowBundle(dir: string = PREBUILT_BUNDLE_DIR): Promise<{ codePath: string; bytes: number; sources: number }> {
  const { code } = await bundleWorkflows();
  const { codePath, stamp } = await writePrebuiltBundle(code, dir);
  return { codePath, bytes: Buffer.byteLength(code), sources: Object.keys(stamp.sources).length };
}

function bundleWorkflows() {
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    logger: { trace() {}, debug() {}, info() {}, warn: (m) => log.warn(m), error: (m) => log.error(m), log() {} },
  });
}
