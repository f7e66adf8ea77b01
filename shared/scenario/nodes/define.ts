import type { z } from 'zod';
import type { Text } from '../../i18n/text';

export type { Text };

/**
 * Everything the domain knows about one node type, apart from its runtime step (workflows/steps/<type>.ts) and editor
 * form (editor/src/nodes/forms/<type>.tsx). The config is a zod schema, so workflow code imports node modules with
 * `import type` only: the workflow bundle carries no zod (test/runtime/workflowBundle.test.ts).
 */
export interface NodeSpec<T extends string, S extends z.ZodType> {
  type: T;
  config: S;
  /** Output ports for a given config, in display order. */
  ports: (config: z.infer<S>) => string[];
  /** Human label of a port for the canvas (ports not listed fall back to the port key, e.g. A/B variant keys). */
  portLabels?: Record<string, Text>;
  label: Text;
  /** One line shown in the palette. */
  hint: Text;
  /** A short description of a configured node, e.g. «Ждать 7 дн.». */
  summary: (config: z.infer<S>, lang: 'ru' | 'en') => string;
  /** True when the node sends a message to the customer (counted for the "too many messages" warning). */
  sendsMessage?: boolean;
}

export function defineNode<T extends string, S extends z.ZodType>(spec: NodeSpec<T, S>): NodeSpec<T, S> {
  return spec;
}
