import { NODE_SPECS, type ScenarioNode } from '../../../shared/scenario/schema';
import { describeCondition } from '../conditions/builder';
import type { ConditionOp } from '../../../shared/conditions/condition';

/** Output ports of a node as its current config defines them; a broken config still shows its static ports. */
export function nodePorts(node: ScenarioNode): string[] {
  try {
    return (NODE_SPECS[node.type].ports as (config: unknown) => string[])(node.config);
  } catch {
    return [];
  }
}

export function portLabel(node: ScenarioNode, port: string, lang: 'ru' | 'en'): string {
  const spec = NODE_SPECS[node.type];
  const fromSpec = spec.portLabels?.[port]?.[lang];
  if (fromSpec) return fromSpec;
  if (node.type === 'abSplit') {
    const variant = node.config.variants.find((v) => v.key === port);
    if (variant) return variant.label;
  }
  return port === 'out' ? '' : port;
}

export function nodeTitle(node: ScenarioNode, lang: 'ru' | 'en'): string {
  return node.label?.trim() || NODE_SPECS[node.type].label[lang];
}

const OP_SYMBOLS: Record<ConditionOp, { ru: string; en: string }> = {
  eq: { ru: '=', en: '=' },
  ne: { ru: '≠', en: '≠' },
  gt: { ru: '>', en: '>' },
  gte: { ru: '≥', en: '≥' },
  lt: { ru: '<', en: '<' },
  lte: { ru: '≤', en: '≤' },
  in: { ru: 'одно из', en: 'one of' },
  notIn: { ru: 'ни одно из', en: 'none of' },
  between: { ru: 'между', en: 'between' },
  has: { ru: 'включают', en: 'include' },
  hasNot: { ru: 'не включают', en: 'do not include' },
};

/** One line for the canvas; a filter shows its condition itself, which is what a reader of the canvas wants. */
export function nodeSummary(node: ScenarioNode, lang: 'ru' | 'en'): string {
  try {
    if (node.type === 'filter') return describeCondition(node.config.condition, lang, (op) => OP_SYMBOLS[op]?.[lang] ?? op) || NODE_SPECS.filter.summary(node.config, lang);
    return (NODE_SPECS[node.type].summary as (config: unknown, lang: 'ru' | 'en') => string)(node.config, lang);
  } catch {
    return '';
  }
}
