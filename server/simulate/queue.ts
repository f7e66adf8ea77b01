import { ApiError } from '../api/errors';

export interface SimulationQueueLimits {
  /** Simulations that may wait while one runs. */
  queued: number;
  /** Simulations one user may have waiting besides a running one (so 1 + this many in flight). */
  queuedPerUser: number;
  /** A running simulation is stopped after this long. */
  timeoutMs: number;
}

let waitingEverywhere = 0;

/** Simulations waiting for their turn, in every queue of this process (for tests and diagnostics). */
export function waitingSimulations(): number {
  return waitingEverywhere;
}

interface Waiting {
  owner: number;
  /** Hands the free slot to this simulation. */
  start(): void;
}

/**
 * The line simulations wait in. One runs at a time (they share the time-skipping test server, see testServer.ts);
 * the rest wait in order of arrival, within per-user and overall limits. A simulation whose client goes away is
 * dropped from the line, or stopped when it already runs; a running one is stopped after `timeoutMs`. The slot
 * passes on only once the work has settled, that is once it has released what it took.
 */
export class SimulationQueue {
  private running: { owner: number; startedAt: number } | null = null;
  private readonly waiting: Waiting[] = [];
  /** How long a simulation usually takes here, for Retry-After: an average over those that finished. */
  private typicalMs = 30_000;

  constructor(private readonly limits: SimulationQueueLimits) {}

  /**
   * Runs `work` when its turn comes. `work` gets a signal that aborts when the client goes away or the timeout
   * passes, and must settle only after it has released everything it took. Throws ApiError 429 when the line is
   * full, 504 `simulation_timeout` on timeout, 408 `simulation_cancelled` when the client went away.
   */
  async run<T>(owner: number, client: AbortSignal, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (client.aborted) throw simulationCancelled();
    this.admit(owner);
    await this.turn(owner, client);
    const stop = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      stop.abort(new Error('simulation timeout'));
    }, this.limits.timeoutMs);
    const onClientGone = () => stop.abort(client.reason);
    client.addEventListener('abort', onClientGone, { once: true });
    if (client.aborted) onClientGone();
    const startedAt = Date.now();
    try {
      return await work(stop.signal);
    } catch (error) {
      if (timedOut) throw simulationTimedOut(this.limits.timeoutMs);
      if (client.aborted) throw simulationCancelled();
      throw error;
    } finally {
      clearTimeout(timer);
      client.removeEventListener('abort', onClientGone);
      if (!stop.signal.aborted) this.typicalMs = Math.round(0.7 * this.typicalMs + 0.3 * (Date.now() - startedAt));
      this.release();
    }
  }

  /** Throws 429 when `owner` cannot join the line now; `run` checks again as it joins. */
  admit(owner: number): void {
    const mine = (this.running?.owner === owner ? 1 : 0) + this.waiting.filter((w) => w.owner === owner).length;
    if (mine > this.limits.queuedPerUser) {
      const most = this.limits.queuedPerUser + 1;
      throw busy(
        {
          ru: `У вас уже запущено симуляций: ${mine} (одновременно — не больше ${most}). Дождитесь результата одной из них`,
          en: `You already have ${mine} simulation(s) running or waiting (at most ${most} at a time). Wait for one of them to finish`,
        },
        this.retryAfterSeconds(),
      );
    }
    if (this.running && this.waiting.length >= this.limits.queued) {
      const seconds = this.retryAfterSeconds();
      throw busy(
        {
          ru: `Очередь симуляций заполнена: одна идёт, ждут ${this.waiting.length}. Повторите через ${seconds} с`,
          en: `The simulation queue is full: one running, ${this.waiting.length} waiting. Try again in ${seconds} s`,
        },
        seconds,
      );
    }
  }

  /** Resolves when this simulation holds the slot; rejects when its client goes away while it waits. */
  private turn(owner: number, client: AbortSignal): Promise<void> {
    if (!this.running && this.waiting.length === 0) {
      this.running = { owner, startedAt: Date.now() };
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const entry: Waiting = {
        owner,
        start: () => {
          client.removeEventListener('abort', leave);
          waitingEverywhere--;
          resolve();
        },
      };
      const leave = () => {
        this.waiting.splice(this.waiting.indexOf(entry), 1);
        waitingEverywhere--;
        reject(simulationCancelled());
      };
      client.addEventListener('abort', leave, { once: true });
      this.waiting.push(entry);
      waitingEverywhere++;
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    this.running = next ? { owner: next.owner, startedAt: Date.now() } : null;
    next?.start();
  }

  /** Until the running simulation probably ends, which is when a place in the line frees up. */
  private retryAfterSeconds(): number {
    const elapsed = this.running ? Date.now() - this.running.startedAt : 0;
    return Math.ceil(Math.max(5_000, this.typicalMs - elapsed) / 1000);
  }
}

function busy(text: { ru: string; en: string }, retryAfterSeconds: number): ApiError {
  return new ApiError(429, 'simulation_queue_full', text, undefined, { 'Retry-After': String(retryAfterSeconds) });
}

function simulationTimedOut(timeoutMs: number): ApiError {
  const seconds = Math.round((timeoutMs / 1000) * 10) / 10;
  return new ApiError(504, 'simulation_timeout', {
    ru: `Симуляция не уложилась в ${seconds} с и остановлена. Возьмите меньше клиентов или дней`,
    en: `The simulation did not finish within ${seconds} s and was stopped. Simulate fewer customers or days`,
  });
}

function simulationCancelled(): ApiError {
  return new ApiError(408, 'simulation_cancelled', { ru: 'Симуляция отменена: запрос закрыт', en: 'The simulation was cancelled: the request was closed' });
}
