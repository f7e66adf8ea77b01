import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'workflows/**/*.test.ts', 'editor/src/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Integration tests start real servers; two cores do not gain from more than two files at once.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
