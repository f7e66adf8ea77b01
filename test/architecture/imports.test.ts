import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The rules of ARCHITECTURE.md that a reader relies on, checked on every file: the layers import only downwards,
// no two modules import each other (directly or round a longer circle, type imports included: a circle of types is
// still two files that cannot be read apart), and a file longer than LONG_FILE lines says why it is.

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Each layer and the layers it may import. */
const LAYERS: Record<string, string[]> = {
  shared: [],
  workflows: ['shared'],
  server: ['shared', 'workflows'],
  'editor/src': ['shared'],
  scripts: ['server', 'shared', 'test'],
};

const LONG_FILE = 400;

/** Files allowed past LONG_FILE lines, with the reason. Keep it short. */
const LONG_FILES: Record<string, string> = {
  'editor/src/i18n/ru.ts': 'the Russian dictionary: one key per line, split by screen would only scatter it',
  'editor/src/i18n/en.ts': 'the English dictionary, key for key the same as ru.ts',
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts') && !name.endsWith('.d.mts')) out.push(full);
    }
  };
  walk(join(root, dir));
  return out;
}

const isTest = (file: string) => /\.(test|spec|bench)\.tsx?$/.test(file);
const files = Object.keys(LAYERS).flatMap(sourceFiles);
const known = new Set(files);

function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = join(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx'), base.replace(/\.js$/, '.ts')]) {
    if (known.has(candidate) || (candidate.endsWith('.mjs') && existsSync(candidate))) return candidate;
  }
  return null;
}

/** Every relative import of a file (static, type-only, re-exports and dynamic), resolved to files. */
const imports = new Map<string, string[]>(
  files.map((file) => {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    return [file, info.importedFiles.map((i) => resolveImport(file, i.fileName)).filter((f): f is string => !!f)];
  }),
);

const layerOf = (file: string) => Object.keys(LAYERS).find((layer) => relative(join(root, layer), file).split('/')[0] !== '..');
const rel = (file: string) => relative(root, file);

describe('architecture', () => {
  it('layers import only the layers beneath them (shared ← workflows ← server; editor → shared)', () => {
    const wrong: string[] = [];
    for (const [file, targets] of imports) {
      if (isTest(file)) continue;
      const layer = layerOf(file)!;
      for (const target of targets) {
        const to = layerOf(target) ?? rel(target).split('/')[0];
        if (to !== layer && !LAYERS[layer].includes(to)) wrong.push(`${rel(file)} → ${rel(target)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('no import circles, type imports included', () => {
    // Tarjan's strongly connected components: any component of more than one file is a circle.
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const circles: string[][] = [];
    let next = 0;
    const visit = (file: string) => {
      index.set(file, next);
      low.set(file, next++);
      stack.push(file);
      onStack.add(file);
      for (const target of imports.get(file) ?? []) {
        if (!index.has(target)) {
          visit(target);
          low.set(file, Math.min(low.get(file)!, low.get(target)!));
        } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
      if (low.get(file) === index.get(file)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(rel(member));
        } while (member !== file);
        if (component.length > 1) circles.push(component.sort());
      }
    };
    for (const file of files) if (!index.has(file)) visit(file);
    expect(circles).toEqual([]);
  });

  it(`no file over ${LONG_FILE} lines without a reason on record`, () => {
    const long = files
      .filter((file) => !isTest(file) && !LONG_FILES[rel(file)])
      .map((file) => [rel(file), readFileSync(file, 'utf8').split('\n').length] as const)
      .filter(([, lines]) => lines > LONG_FILE);
    expect(long).toEqual([]);
    for (const file of Object.keys(LONG_FILES)) expect(existsSync(join(root, file)), `${file} is listed in LONG_FILES but gone`).toBe(true);
  });
});
