/** The port, and the variant, of customers held out of an A/B split: they get nothing and are the control group. */
export const HOLDOUT_PORT = 'holdout';

export interface AssignmentKey {
  scenarioId: string;
  nodeId: string;
  customerId: string;
}

/** What the assignment reads of an A/B node's config (`abSplit` in shared/scenario/nodes, which imports this file). */
export interface SplitShares {
  holdoutPct?: number;
  variants: ReadonlyArray<{ key: string; weight: number }>;
}

/**
 * The variant a customer gets at an A/B node: a variant key, or 'holdout'. A pure function of the key and the
 * node's config, so a customer sees the same variant on every entry and in every replay of a workflow. The hash
 * is plain JS (no node:crypto), because it runs inside Temporal's workflow sandbox.
 */
export function assignVariant(key: AssignmentKey, config: SplitShares): string {
  const u = unitInterval(`${key.scenarioId}\u0000${key.nodeId}\u0000${key.customerId}`);
  const holdout = (config.holdoutPct ?? 0) / 100;
  if (u < holdout) return HOLDOUT_PORT;
  // Rescale the rest of [0, 1) over the variants so holdout and weights are independent.
  const x = holdout > 0 ? (u - holdout) / (1 - holdout) : u;
  const total = config.variants.reduce((sum, v) => sum + v.weight, 0);
  let edge = 0;
  for (const variant of config.variants) {
    edge += variant.weight / total;
    if (x < edge) return variant.key;
  }
  return config.variants[config.variants.length - 1].key;
}

/** A uniform number in [0, 1) from a string: FNV-1a over UTF-16 code units, then MurmurHash3's finaliser. */
export function unitInterval(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 0x1_0000_0000;
}
