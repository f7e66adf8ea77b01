import type { VersionSide } from '../router';

/** The two sides with the older one first: versions by number, the draft newest of all. */
export function olderFirst(a: VersionSide, b: VersionSide): [VersionSide, VersionSide] {
  const rank = (side: VersionSide) => (side === 'draft' ? Infinity : side);
  return rank(a) <= rank(b) ? [a, b] : [b, a];
}
