import type { ScenarioDocument } from '../../../shared/scenario/schema';

/**
 * The bonus a message can mention: the nearest `grantBonus` upstream of the node, with its expiry counted from
 * `now` (the preview's stand-in for "when the run reaches it"); an example bonus when there is none upstream.
 */
export function bonusBefore(doc: ScenarioDocument, nodeId: string, now: Date): { points: number; expiresAt: string } {
  const parents = new Map<string, string[]>();
  for (const e of doc.edges) parents.set(e.to, [...(parents.get(e.to) ?? []), e.from]);
  const seen = new Set<string>();
  const queue = [...(parents.get(nodeId) ?? [])];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = doc.nodes.find((n) => n.id === id);
    if (node?.type === 'grantBonus') {
      const hours = node.config.expiresInHours ?? (node.config.expiresInDays ?? 14) * 24;
      return { points: node.config.points, expiresAt: new Date(now.getTime() + hours * 3_600_000).toISOString() };
    }
    queue.push(...(parents.get(id) ?? []));
  }
  return { points: 300, expiresAt: new Date(now.getTime() + 14 * 86_400_000).toISOString() };
}
