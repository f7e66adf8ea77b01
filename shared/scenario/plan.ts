import type { Condition } from '../conditions/schema';
import type { NodeConfig, NodeType, ScenarioSettings } from './schema';

/**
 * A compiled scenario: what the workflows execute. Produced by `compile()` from a valid document;
 * stored with each published version so a run executes exactly the version it entered with.
 */
export interface Plan {
  scenarioId: string;
  version: number;
  settings: ScenarioSettings;
  /** When the audience is evaluated, in `settings.timezone`. */
  trigger: { nodeId: string; at: string };
  /**
   * The part of the graph evaluated in SQL when the audience is selected: the filter right after the trigger
   * (when its `no` port is unconnected) and a frequency limit right after that filter (ARCHITECTURE.md §4).
   */
  audience: {
    condition: Condition | null;
    filterNodeId: string | null;
    frequencyLimit: ({ nodeId: string } & NodeConfig<'frequencyLimit'>) | null;
    /** Nodes already passed when a customer enters, in order, with the port each one took. */
    passed: Array<{ nodeId: string; type: NodeType; port: string }>;
  };
  /** The node a new run starts at (null: the scenario does nothing after the audience). */
  entry: string | null;
  nodes: Record<string, PlanNode>;
}

export type PlanNode = {
  [T in NodeType]: {
    id: string;
    type: T;
    /** Display name: the node's label or its generated summary (Russian). */
    name: string;
    config: NodeConfig<T>;
    /** Port → next node id; a missing or null port ends the run as `completed`. */
    next: Record<string, string | null>;
  };
}[NodeType];
