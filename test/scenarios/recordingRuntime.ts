import type { Plan } from '../../shared/scenario/plan';
import type { ScenarioRuntime } from '../../server/scenarios/runtime';

export type RuntimeCall =
  | { call: 'published'; scenarioId: string; version: number; plan: Plan }
  | { call: 'paused' | 'resumed' | 'archived'; scenarioId: string };

/**
 * A ScenarioRuntime that records what the lifecycle asked of it, and can be told to fail or to hold a call open.
 * It stands in for the Temporal runtime, which has its own tests; here the subject is the storage and API side.
 */
export class RecordingRuntime implements ScenarioRuntime {
  calls: RuntimeCall[] = [];
  private failures: Array<{ call: RuntimeCall['call']; error: Error }> = [];
  private holds: Array<{ call: RuntimeCall['call']; until: Promise<void>; reached: () => void }> = [];

  /** The next call of this kind throws `error`. */
  failNext(call: RuntimeCall['call'], error = new Error('Temporal: connection refused')): void {
    this.failures.push({ call, error });
  }

  /** The next call of this kind waits until `until` settles; the returned promise resolves once it is waiting. */
  holdNext(call: RuntimeCall['call'], until: Promise<void>): Promise<void> {
    return new Promise((reached) => this.holds.push({ call, until, reached }));
  }

  private async record(entry: RuntimeCall): Promise<void> {
    const hold = this.holds.findIndex((h) => h.call === entry.call);
    if (hold >= 0) {
      const [h] = this.holds.splice(hold, 1);
      h.reached();
      await h.until;
    }
    const failure = this.failures.findIndex((f) => f.call === entry.call);
    if (failure >= 0) {
      const [f] = this.failures.splice(failure, 1);
      throw f.error;
    }
    this.calls.push(entry);
  }

  published(scenarioId: string, version: number, plan: Plan) {
    return this.record({ call: 'published', scenarioId, version, plan });
  }
  paused(scenarioId: string) {
    return this.record({ call: 'paused', scenarioId });
  }
  resumed(scenarioId: string) {
    return this.record({ call: 'resumed', scenarioId });
  }
  archived(scenarioId: string) {
    return this.record({ call: 'archived', scenarioId });
  }
}
