import { NODE_SPECS, type ScenarioNode } from '../../../shared/scenario/schema';

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

export function nodeSummary(node: ScenarioNode, lang: 'ru' | 'en'): string {
  try {
    return (NODE_SPECS[node.type].summary as (config: unknown, lang: 'ru' | 'en') => string)(node.config, lang);
  } catch {
    return '';
  }
}
