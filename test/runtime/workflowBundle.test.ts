import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkflowBundle, writeWorkflowBundle } from '../../server/worker/bundle';
import { BUNDLE_FILE, readPrebuiltBundle, STAMP_FILE, type BundleStamp } from '../../server/worker/prebuiltBundle';
import { quietTemporalLogs } from './harness';
import { loadReleases } from './histories';

/**
 * The npm packages the workflow bundle may hold: the Temporal workflow SDK and what it brings along. zod, liquidjs,
 * postgres, pino and the like must stay out: every workflow sandbox evaluates the whole bundle, so each package in it
 * costs CPU on every workflow start and replay. Workflow code reaches shared/ modules that import them only through
 * `import type`. (A Temporal SDK upgrade that brings a new dependency of its own belongs in this list.)
 */
const ALLOWED_PACKAGES = ['@temporalio/common', '@temporalio/workflow', 'long', 'ms', 'nexus-rpc'];

let dir: string;
let code: string;
let stamp: BundleStamp;

beforeAll(async () => {
  quietTemporalLogs();
  dir = await mkdtemp(join(tmpdir(), 'comeback-bundle-'));
  await writeWorkflowBundle(dir);
  code = await readFile(join(dir, BUNDLE_FILE), 'utf8');
  stamp = JSON.parse(await readFile(join(dir, STAMP_FILE), 'utf8'));
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A copy of the prebuilt bundle whose stamp `change` alters, as if the sources had moved on since the build. */
async function staleCopy(change: (stamp: BundleStamp) => void): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'comeback-bundle-stale-'));
  const altered = structuredClone(stamp);
  change(altered);
  await writeFile(join(copy, BUNDLE_FILE), code);
  await writeFile(join(copy, STAMP_FILE), JSON.stringify(altered));
  return copy;
}

describe('the workflow bundle', () => {
  it('holds no npm package but the Temporal workflow SDK and its own dependencies (no zod)', () => {
    const packages = [...new Set([...code.matchAll(/"\.\/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].map((m) => m[1]))].sort();
    expect(packages, 'the packages found (a failed search would find none)').toContain('@temporalio/workflow');
    expect(packages.filter((p) => !ALLOWED_PACKAGES.includes(p)), 'packages in the workflow bundle that do not belong there').toEqual([]);
  });

  it('holds only workflows/ and shared/ of the project, never server/ or editor/', () => {
    const modules = [...new Set([...code.matchAll(/^\/\*\*\*\/ "(\.\/[^"]+)"/gm)].map((m) => m[1]))].filter((m) => !m.startsWith('./node_modules/'));
    expect(modules, 'the project modules found').toContain('./workflows/index.ts');
    expect(modules.filter((m) => !/^\.\/(workflows|shared)\//.test(m)), 'project modules outside workflows/ and shared/').toEqual([]);
  });
});

describe('the prebuilt workflow bundle', () => {
  it('is stamped with every project file in it and the packages it was built with', () => {
    expect(Object.keys(stamp.sources)).toEqual(expect.arrayContaining(['workflows/index.ts', 'workflows/customerRun.ts', 'workflows/steps/wait.ts', 'shared/conditions/evaluate.ts']));
    expect(Object.keys(stamp.sources).filter((path) => !/^(workflows|shared)\//.test(path))).toEqual([]);
    expect(stamp.packages).toHaveProperty(['node_modules/@temporalio/workflow']);
    expect(stamp.packages).toHaveProperty(['node_modules/@temporalio/worker']);
  });

  it('is loaded while its sources are unchanged, and replays a recorded customer run', async () => {
    const prebuilt = await readPrebuiltBundle(dir);
    expect('stale' in prebuilt ? prebuilt.stale : null).toBeNull();
    const loaded = await loadWorkflowBundle(dir);
    expect(loaded.code).toBe(code);
    const [latest] = (await loadReleases()).slice(-1);
    const history = latest.histories.find((h) => h.name === 'mindbox-anna-full-chain') ?? latest.histories[0];
    await Worker.runReplayHistory({ workflowBundle: loaded }, history.history, history.name);
  });

  it('is refused when a source in it changed, or a package in it is another version, or there is none', async () => {
    const edited = await staleCopy((s) => (s.sources['workflows/steps/wait.ts'] = '0'.repeat(64)));
    const removed = await staleCopy((s) => (s.sources['workflows/steps/gone.ts'] = '0'.repeat(64)));
    const upgraded = await staleCopy((s) => (s.packages['node_modules/@temporalio/workflow'] = '0.0.1'));
    try {
      expect(await readPrebuiltBundle(edited)).toEqual({ stale: 'workflows/steps/wait.ts changed since the prebuilt bundle was built' });
      expect(await readPrebuiltBundle(removed)).toEqual({ stale: 'workflows/steps/gone.ts is gone since the prebuilt bundle was built' });
      expect(await readPrebuiltBundle(upgraded)).toEqual({ stale: `node_modules/@temporalio/workflow is ${stamp.packages['node_modules/@temporalio/workflow']}, the prebuilt bundle has 0.0.1` });
      expect(await readPrebuiltBundle(join(dir, 'nothing-here'))).toMatchObject({ stale: expect.stringContaining('no prebuilt bundle') });
    } finally {
      await Promise.all([edited, removed, upgraded].map((d) => rm(d, { recursive: true, force: true })));
    }
  });

  it('gives way to bundling in the process when stale', async () => {
    const edited = await staleCopy((s) => (s.sources['workflows/customerRun.ts'] = '0'.repeat(64)));
    try {
      const stalePrefix = 'stale bundle marker';
      await writeFile(join(edited, BUNDLE_FILE), `// ${stalePrefix}\n${code}`);
      const loaded = await loadWorkflowBundle(edited);
      expect(loaded.code.startsWith(`// ${stalePrefix}`), 'the stale file was loaded').toBe(false);
      expect(loaded.code).toContain('"./workflows/index.ts"');
    } finally {
      await rm(edited, { recursive: true, force: true });
    }
  }, 120_000);
});
