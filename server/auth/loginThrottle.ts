/** Failed attempts allowed before the back-off starts. */
const FREE_ATTEMPTS = 5;
const MAX_LOCK_MS = 15 * 60 * 1000;
/** Forget an email's failures after this long without attempts. */
const FORGET_AFTER_MS = 60 * 60 * 1000;

interface State {
  failures: number;
  lockedUntil: number;
  lastAttempt: number;
}

/**
 * Per-email exponential back-off against password guessing: after 5 wrong passwords each further failure locks
 * the email for 1, 2, 4 … seconds, at most 15 minutes. Kept in memory: a restart forgives, which is acceptable
 * for a brake (not a ban) and needs no writes on the login path.
 */
export class LoginThrottle {
  private readonly states = new Map<string, State>();

  /** Milliseconds until this email may try again (0 = now). */
  retryAfterMs(email: string, now = Date.now()): number {
    const state = this.states.get(email);
    return state ? Math.max(0, state.lockedUntil - now) : 0;
  }

  failed(email: string, now = Date.now()): void {
    this.sweep(now);
    const state = this.states.get(email) ?? { failures: 0, lockedUntil: 0, lastAttempt: now };
    state.failures += 1;
    state.lastAttempt = now;
    if (state.failures >= FREE_ATTEMPTS) {
      state.lockedUntil = now + Math.min(MAX_LOCK_MS, 1000 * 2 ** (state.failures - FREE_ATTEMPTS));
    }
    this.states.set(email, state);
  }

  succeeded(email: string): void {
    this.states.delete(email);
  }

  private sweep(now: number): void {
    if (this.states.size < 10_000) return;
    for (const [email, state] of this.states) if (now - state.lastAttempt > FORGET_AFTER_MS) this.states.delete(email);
  }
}
