import { z } from 'zod';
import { isValidTimeZone } from '../time/zoned';
import { describeConfigIssue, describeDocumentIssue, formatPath, type Problem, type ProblemCode } from './problems';
import { MAX_NODES, NODE_SPECS, NodeIdSchema, PositionSchema, ScenarioDocumentSchema, type ScenarioDocument } from './schema';
import { describeNode, type NodeInfo } from './validateContext';
import { checkCycles, checkEdges, checkReachable, checkTrigger } from './validateGraph';
import { checkNodeRules, checkSettings } from './validateNodes';
import { checkPaths } from './validatePaths';
import { TextChecks } from './validateTexts';
import type { ValidationContext } from './validateWebhook';

export type { ValidationContext } from './validateWebhook';

export { hasErrors, ScenarioInvalidError, type Problem, type ProblemCode } from './problems';
export { MAX_MESSAGES_PER_PATH } from './validatePaths';

// Validation in parts: the graph rules in ./validateGraph.ts, node configs and settings in ./validateNodes.ts, Liquid
// texts in ./validateTexts.ts, path warnings in ./validatePaths.ts; the words for zod's issues in ./problems.ts.

export interface ValidationResult {
  /**
   * The parsed document (defaults applied) whenever its structure parses, even with graph or config errors, so a
   * draft can be saved; a node whose config has errors keeps that config as written. Null when the document
   * cannot be parsed at all (not a scenario/v1 document, or a node of an unknown type).
   */
  document: ScenarioDocument | null;
  problems: Problem[];
}

const RawNodeSchema = z.strictObject({
  id: NodeIdSchema,
  type: z.string().min(1),
  label: z.string().max(120).optional(),
  position: PositionSchema.optional(),
  config: z.unknown().optional(),
});
const EnvelopeSchema = ScenarioDocumentSchema.extend({ nodes: z.array(RawNodeSchema).max(MAX_NODES) });

/** Every problem of a scenario document at once: structure, node configs, graph rules, warnings. */
export function validateScenario(input: unknown, context: ValidationContext = {}): ValidationResult {
  const envelope = EnvelopeSchema.safeParse(input);
  if (!envelope.success) {
    return {
      document: null,
      problems: envelope.error.issues.map((issue) => ({
        severity: 'error',
        code: 'document.invalid',
        path: formatPath(issue.path),
        message: describeDocumentIssue(issue, EnvelopeSchema, input),
      })),
    };
  }
  const raw = envelope.data;
  const problems: Problem[] = [];
  const add = (severity: Problem['severity'], code: ProblemCode, fields: Omit<Problem, 'severity' | 'code'>) =>
    problems.push({ severity, code, ...fields });
  const about = (node: NodeInfo, ru: string, en: string) => ({ ru: `Узел «${node.name.ru}»: ${ru}`, en: `Node "${node.name.en}": ${en}` });

  checkSettings(raw.settings, add);

  const nodes: NodeInfo[] = raw.nodes.map((n, index) => describeNode(n, index));
  const byId = new Map<string, NodeInfo>();
  let unknownType = false;
  for (const node of nodes) {
    const rawNode = raw.nodes[node.index];
    if (byId.has(node.id)) {
      add('error', 'node.duplicateId', {
        nodeId: node.id,
        path: `nodes[${node.index}].id`,
        message: {
          ru: `Два узла с одним идентификатором «${node.id}»: у каждого узла он должен быть свой`,
          en: `Two nodes share the id "${node.id}"; node ids must be unique`,
        },
      });
    } else {
      byId.set(node.id, node);
    }
    if (node.type === null) {
      unknownType = true;
      add('error', 'node.unknownType', {
        nodeId: node.id,
        path: `nodes[${node.index}].type`,
        message: {
          ru: `Узел «${node.id}»: неизвестный тип узла «${rawNode.type}»`,
          en: `Node "${node.id}": unknown node type "${rawNode.type}"`,
        },
      });
      continue;
    }
    const spec = NODE_SPECS[node.type];
    for (const issue of node.configIssues) {
      const text = describeConfigIssue(issue, spec.config, rawNode.config);
      add('error', 'node.config', {
        nodeId: node.id,
        path: formatPath(['nodes', node.index, 'config', ...issue.path]),
        message: about(node, text.ru, text.en),
      });
    }
  }

  const { next, incoming } = checkEdges(raw.edges, byId, add, about);
  const trigger = checkTrigger(byId, incoming, add, about);
  const cycles = checkCycles(byId, next, add);
  if (trigger) checkReachable(trigger, byId, next, add, about);

  const texts = new TextChecks(raw.name, isValidTimeZone(raw.settings.timezone) ? raw.settings.timezone : 'UTC');
  for (const node of byId.values()) if (node.configOk) checkNodeRules(node, raw.settings, texts, add, about, context);

  if (trigger && cycles === 0) checkPaths(trigger, byId, next, texts, add, about);

  const document = unknownType
    ? null
    : ({ ...raw, nodes: raw.nodes.map((n, i) => ({ ...n, config: nodes[i].configOk ? nodes[i].config : n.config })) } as ScenarioDocument);
  return { document, problems };
}
