import { lineLogger, log as processLog } from './log';

/** What one pass of a background job did. */
export interface PassReport {
  /** Items handled successfully. */
  done: number;
  /** Items left for a later pass because of an error; `error` says the first one. */
  failed: number;
  error?: string | null;
  /** The pass stopped at its batch size: run again at once instead of after the interval. */
  more?: boolean;
}

export interface BackgroundJob {
  /** Run a pass now instead of at the next interval (e.g. right after new work was committed). */
  nudge(): void;
  /** Stops scheduling passes and waits for the one in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `pass` every `everyMs` in the background, at once when nudged, and again right away while a pass reports
 * more work and no failure. Passes never overlap. A failing job is logged when it starts failing and when it
 * recovers, not at every pass, so an hour without Temporal is two lines, not thousands.
 */
export function startBackgroundJob(options: { name: string; everyMs: number; firstAfterMs?: number; pass: () => Promise<PassReport>; log?: (line: string) => void }): BackgroundJob {
  const log = options.log ?? lineLogger(processLog, 'warn');
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let failing = false;
  let timer: NodeJS.Timeout | null = null;

  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  const report = (r: PassReport) => {
    if (r.failed > 0 && !failing) log(`[${options.name}] ${r.failed} item(s) failed, will retry: ${r.error ?? 'unknown error'}`);
    if (r.failed === 0 && r.done > 0 && failing) log(`[${options.name}] working again (${r.done} done)`);
    // A pass with nothing to do (items waiting out their backoff) says nothing either way: keep the state.
    if (r.failed > 0 || r.done > 0) failing = r.failed > 0;
  };
  const tick = () => {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        let more: boolean;
        do {
          again = false;
          const r = await options.pass();
          report(r);
          more = Boolean(r.more) && r.failed === 0;
        } while (!stopped && (again || more));
      } catch (error) {
        report({ done: 0, failed: 1, error: (error as Error)?.message ?? String(error) });
      } finally {
        running = null;
        schedule(options.everyMs);
      }
    })();
  };
  schedule(options.firstAfterMs ?? 0);
  return {
    nudge() {
      if (!stopped && !running) schedule(0);
      else again = true;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
