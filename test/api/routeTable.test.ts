import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../server/api/routes';

describe('the route table', () => {
  it('lists every module in server/api/routes exactly once, so a new area cannot be forgotten', async () => {
    const dir = fileURLToPath(new URL('../../server/api/routes/', import.meta.url));
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
    const listed = new Set(ROUTES.map(([, module]) => module));
    expect(listed.size).toBe(ROUTES.length);
    for (const file of files) {
      const module = await import(/* @vite-ignore */ pathToFileURL(dir + file).href);
      expect(listed.has(module), `${file} is not in server/api/routes/index.ts`).toBe(true);
    }
    expect(ROUTES.length).toBe(files.length);
  });
});
