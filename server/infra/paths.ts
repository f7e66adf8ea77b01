import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the product's files are, whether this code runs from its TypeScript sources (tsx, Vitest) or from the
 * compiled build (`npm run build` bundles the server into dist/server/*.js). Both this file and every compiled
 * chunk sit two folders below the repository root, so one relative step finds it either way.
 */
export const COMPILED = !import.meta.url.endsWith('.ts');

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
if (!existsSync(join(ROOT, 'package.json'))) throw new Error(`Comeback's files are not where they should be: no package.json in ${ROOT}`);

export const fromRoot = (...parts: string[]) => join(ROOT, ...parts);

/** The build's output: the editor, the compiled server and the prebuilt workflow bundle. */
export const DIST = {
  editor: fromRoot('dist', 'editor'),
  server: fromRoot('dist', 'server'),
  workflows: fromRoot('dist', 'workflows'),
};
