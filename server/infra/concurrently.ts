/**
 * Calls `fn` for every item, at most `limit` calls at a time, taking the items in order. Rejects with the first
 * error `fn` throws (calls already started still run to their end); `fn` that must go on after a failure catches it.
 */
export async function forEachConcurrently<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
