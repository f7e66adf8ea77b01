import type { NodeConfig, NodeType, ScenarioDocument } from '../../../../shared/scenario/schema';

export interface NodeFormProps<T extends NodeType> {
  nodeId: string;
  config: NodeConfig<T>;
  /** `key` folds a burst of edits of one field (typing) into a single undo step. */
  onChange(config: NodeConfig<T>, key?: string): void;
  doc: ScenarioDocument;
}
