import { ScenarioDocumentSchema, type ScenarioDocument } from '../../../shared/scenario/schema';

/**
 * The exported file: the document with its keys in schema order (the database's jsonb reorders them), pretty-printed,
 * so the same scenario always exports byte-for-byte the same and a re-import changes nothing.
 */
export function serializeScenario(doc: ScenarioDocument): string {
  const parsed = ScenarioDocumentSchema.safeParse(doc);
  return `${JSON.stringify(parsed.success ? parsed.data : doc, null, 2)}\n`;
}

/**
 * A scenario/v1 file as a document, or null when it is not one. Structure is checked here; graph and config
 * problems are left to validation, so a half-finished draft can still be imported and fixed.
 */
export function parseScenarioFile(text: string): ScenarioDocument | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = ScenarioDocumentSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  if (json && typeof json === 'object' && (json as { format?: unknown }).format === 'scenario/v1' && Array.isArray((json as { nodes?: unknown }).nodes)) {
    return json as ScenarioDocument;
  }
  return null;
}

export function downloadScenario(doc: ScenarioDocument) {
  const blob = new Blob([serializeScenario(doc)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${doc.name.replace(/[\\/:*?"<>|]+/g, ' ').trim() || 'scenario'}.scenario.json`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
