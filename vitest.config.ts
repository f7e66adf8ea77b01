import { defineConfig } from 'vitest/config';

/**
 * Suites that drive thousands of runs through worker processes of their own (the fault suite, the two-worker test):
 * each alone loads both cores, so they run one after the other once the rest is done, never beside each other.
 */
const ALONE = ['test/runtime/faults.test.ts', 'test/scale/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'workflows/**/*.test.ts', 'editor/src/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'node_modules/**', ...ALONE],
          // Integration tests start real servers; two cores do not gain from more than two files at once.
          maxWorkers: 2,
          fileParallelism: true,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'alone', include: ALONE, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
