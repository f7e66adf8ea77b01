import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import proto, { type temporal } from '@temporalio/proto';

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

/** Every recorded fixture: { workflowId: file name, history }. */
export async function loadHistoryFixtures(): Promise<Array<{ workflowId: string; history: temporal.api.history.v1.History }>> {
  const files = (await readdir(HISTORIES_DIR)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(files.map(async (file) => ({ workflowId: file.replace(/\.json$/, ''), history: historyFromFixture(await readFile(HISTORIES_DIR + file, 'utf8')) })));
}
