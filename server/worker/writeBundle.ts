// Writes the prebuilt workflow bundle (workflows.js, source map inline, and stamp.json) that workers load instead of
// bundling at start: `node --import tsx server/worker/writeBundle.ts [outDir]`, outDir defaulting to dist/workflows.
// `npm run build` runs its compiled form.
import { resolve } from 'node:path';
import { writeWorkflowBundle } from './bundle';

const dir = process.argv[2] ? resolve(process.argv[2]) : undefined;
const started = performance.now();
const written = await writeWorkflowBundle(dir);
console.log(
  `[comeback] workflow bundle: ${written.codePath}, ${(written.bytes / 1e6).toFixed(2)} MB from ${written.sources} source files in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
