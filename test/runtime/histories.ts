import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import proto, { type temporal } from '@temporalio/proto';

/** Replay fixtures, one folder per release: `<release>/<name>.json` (see recordHistories.ts). */
export const HISTORIES_DIR = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));

// A CommonJS package: under plain Node ESM only its default export is there.
const History = proto.temporal.api.history.v1.History;

/**
 * Workflow histories as JSON fixtures: protobuf's own object form (64-bit numbers as strings, bytes base64, enums
 * by name). (The SDK's historyToJSON trips over two bundled copies of protobufjs in this install.)
 */
export function historyToFixture(history: temporal.api.history.v1.IHistory): string {
  const object = History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String });
  return JSON.stringify(object, null, 1) + '\n';
}

export function historyFromFixture(text: string): temporal.api.history.v1.History {
  return History.fromObject(JSON.parse(text));
}

/** The release label histories are recorded under: package.json's version. */
export async function currentRelease(): Promise<string> {
  const pkg = JSON.parse(await readFile(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version: string };
  return pkg.version;
}

export function releaseDir(release: string): string {
  return join(HISTORIES_DIR, release);
}

export interface HistoryFixture {
  release: string;
  /** File name without `.json`. */
  name: string;
  history: temporal.api.history.v1.History;
}

/** Every release folder, oldest first, with its recorded histories (by name). */
export async function loadReleases(): Promise<Array<{ release: string; histories: HistoryFixture[] }>> {
  const entries = await readdir(HISTORIES_DIR, { withFileTypes: true });
  const releases = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort(compareReleases);
  return Promise.all(
    releases.map(async (release) => {
      const files = (await readdir(releaseDir(release))).filter((f) => f.endsWith('.json')).sort();
      const histories = await Promise.all(
        files.map(async (file) => ({
          release,
          name: file.replace(/\.json$/, ''),
          history: historyFromFixture(await readFile(join(releaseDir(release), file), 'utf8')),
        })),
      );
      return { release, histories };
    }),
  );
}

/** Orders "0.9.0" before "0.10.0". */
function compareReleases(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * With RECORD_HISTORIES=1, saves the history of workflow `workflowId` (its latest run, or `runId`) as `<name>.json` in RECORD_HISTORIES_DIR, the
 * scratch folder recordHistories.ts hands to the tests. Never overwrites: a name recorded twice fails the test.
 */
export async function recordHistory(client: Client, workflowId: string, name: string, runId?: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const dir = process.env.RECORD_HISTORIES_DIR;
  if (!dir) {
    throw new Error('RECORD_HISTORIES=1 needs RECORD_HISTORIES_DIR: record through `npx tsx test/runtime/recordHistories.ts`, which keeps every earlier history');
  }
  await mkdir(dir, { recursive: true });
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  await writeFile(join(dir, `${name}.json`), historyToFixture(history), { flag: 'wx' });
}
