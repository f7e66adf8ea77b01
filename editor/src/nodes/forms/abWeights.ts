import type { NodeConfig } from '../../../../shared/scenario/schema';

type Variant = NodeConfig<'abSplit'>['variants'][number];

/** Integer shares of `total`, proportional to `weights`, each at least 1 (largest-remainder rounding). */
export function distribute(weights: number[], total: number): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const sum = weights.reduce((a, b) => a + Math.max(0, b), 0);
  const spare = total - n;
  const raw = weights.map((w) => (sum > 0 ? (Math.max(0, w) / sum) * spare : spare / n));
  const floors = raw.map(Math.floor);
  let left = spare - floors.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, frac: r - Math.floor(r) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] += 1;
    left -= 1;
  }
  return floors.map((f) => f + 1);
}

/** Sets one variant's share and rebalances the others so the shares still sum to 100. */
export function setWeight(variants: Variant[], index: number, weight: number): Variant[] {
  const n = variants.length;
  const w = Math.min(100 - (n - 1), Math.max(1, Math.round(weight)));
  const others = variants.filter((_, i) => i !== index);
  const shares = distribute(others.map((v) => v.weight), 100 - w);
  let k = 0;
  return variants.map((v, i) => (i === index ? { ...v, weight: w } : { ...v, weight: shares[k++] }));
}

export function equalize(variants: Variant[]): Variant[] {
  const shares = distribute(variants.map(() => 1), 100);
  return variants.map((v, i) => ({ ...v, weight: shares[i] }));
}

const KEYS = 'ABCDEFGHIJ';

export function addVariant(variants: Variant[], labelPrefix: string): Variant[] {
  const taken = new Set(variants.map((v) => v.key));
  const key = [...KEYS].find((k) => !taken.has(k)) ?? `V${variants.length + 1}`;
  return equalize([...variants, { key, label: `${labelPrefix} ${key}`, weight: 1 }]);
}

export function removeVariant(variants: Variant[], index: number): Variant[] {
  const rest = variants.filter((_, i) => i !== index);
  const shares = distribute(rest.map((v) => v.weight), 100);
  return rest.map((v, i) => ({ ...v, weight: shares[i] }));
}
