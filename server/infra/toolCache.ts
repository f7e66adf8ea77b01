import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Machine-wide cache for provisioned tools (Temporal CLI, Temporal test server), outside the clone so that fresh
 * clones and CI runs reuse them.
 */
export function toolCacheDir(...parts: string[]): string {
  const base = process.env.COMEBACK_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'comeback');
  return join(base, ...parts);
}
