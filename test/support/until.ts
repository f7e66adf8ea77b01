/**
 * Polls `probe` every `everyMs` until it returns something truthy, and returns that; throws after `timeoutMs`,
 * naming what it waited for (`what` may be a function, asked only then, to say how far it got).
 */
export async function until<T>(what: string | (() => string), probe: () => T | Promise<T>, timeoutMs = 60_000, everyMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
