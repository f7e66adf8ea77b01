import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../../server/worker/bundle';

/**
 * The npm packages the workflow bundle may hold: the Temporal workflow SDK and what it brings along. zod, liquidjs,
 * postgres, pino and the like must stay out: every workflow sandbox evaluates the whole bundle, so each package in it
 * costs CPU on every workflow start and replay. Workflow code reaches shared/ modules that import them only through
 * `import type`. (A Temporal SDK upgrade that brings a new dependency of its own belongs in this list.)
 */
const ALLOWED_PACKAGES = ['@temporalio/common', '@temporalio/workflow', 'long', 'ms', 'nexus-rpc'];

let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} } });
}, 120_000);

describe('the workflow bundle', () => {
  it('holds no npm package but the Temporal workflow SDK and its own dependencies (no zod)', () => {
    const packages = [...new Set([...bundle.code.matchAll(/"\.\/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].map((m) => m[1]))].sort();
    expect(packages, 'the packages found (a failed search would find none)').toContain('@temporalio/workflow');
    expect(packages.filter((p) => !ALLOWED_PACKAGES.includes(p)), 'packages in the workflow bundle that do not belong there').toEqual([]);
  });

  it('holds only workflows/ and shared/ of the project, never server/ or editor/', () => {
    const modules = [...new Set([...bundle.code.matchAll(/^\/\*\*\*\/ "(\.\/[^"]+)"/gm)].map((m) => m[1]))].filter((m) => !m.startsWith('./node_modules/'));
    expect(modules, 'the project modules found').toContain('./workflows/index.ts');
    expect(modules.filter((m) => !/^\.\/(workflows|shared)\//.test(m)), 'project modules outside workflows/ and shared/').toEqual([]);
  });
});
