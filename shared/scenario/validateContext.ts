import type { z } from 'zod';
import type { Problem, ProblemCode } from './problems';
import { NODE_SPECS, type NodeType } from './schema';

// The vocabulary of validateScenario (./validate.ts) and its parts (./validate*.ts): how validation sees a node,
// and how a check reports a problem.

/** How validation sees one node of the document, whether or not its type and config are valid. */
export interface NodeInfo {
  index: number;
  id: string;
  type: NodeType | null;
  /** The parsed config when `configOk`, else the config as written. */
  config: unknown;
  configOk: boolean;
  configIssues: z.core.$ZodIssue[];
  name: { ru: string; en: string };
}

/** Adds a problem to the result. */
export type Add = (severity: Problem['severity'], code: ProblemCode, fields: Omit<Problem, 'severity' | 'code'>) => void;
/** A message about a node, its name first. */
export type About = (node: NodeInfo, ru: string, en: string) => { ru: string; en: string };

/** A node as the document envelope parses it: any type, any config. */
export interface RawNode {
  id: string;
  type: string;
  label?: string;
  config?: unknown;
}

/** The node as validation sees it: its type when known, its config parsed by the type's schema, its name for messages. */
export function describeNode(n: RawNode, index: number): NodeInfo {
  const type = Object.hasOwn(NODE_SPECS, n.type) ? (n.type as NodeType) : null;
  if (!type) return { index, id: n.id, type, config: n.config, configOk: false, configIssues: [], name: { ru: n.label || n.id, en: n.label || n.id } };
  const spec = NODE_SPECS[type];
  const parsed = spec.config.safeParse(n.config ?? (type === 'exit' ? {} : undefined));
  const label = n.label?.trim();
  if (!parsed.success) {
    return { index, id: n.id, type, config: n.config, configOk: false, configIssues: parsed.error.issues, name: { ru: label || spec.label.ru, en: label || spec.label.en } };
  }
  const summary = spec.summary as (c: unknown, lang: 'ru' | 'en') => string;
  return {
    index,
    id: n.id,
    type,
    config: parsed.data,
    configOk: true,
    configIssues: [],
    name: { ru: label || summary(parsed.data, 'ru'), en: label || summary(parsed.data, 'en') },
  };
}

/** The node's output ports; null when its type is unknown or its config too broken to tell. */
export function portsOf(node: NodeInfo): string[] | null {
  if (!node.type) return null;
  const ports = NODE_SPECS[node.type].ports as (c: unknown) => string[];
  if (node.configOk) return ports(node.config);
  try {
    // Most node types have fixed ports whatever the config; an A/B split with a broken config has unknown ones.
    return ports(node.config);
  } catch {
    return null;
  }
}

/** A port's name for people (the key itself when the type gives it no label, e.g. an A/B variant key). */
export function portLabel(node: NodeInfo, port: string): { ru: string; en: string } {
  const labels = node.type ? NODE_SPECS[node.type].portLabels : undefined;
  return labels?.[port] ?? { ru: port, en: port };
}

